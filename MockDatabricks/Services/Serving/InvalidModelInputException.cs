namespace MockDatabricks.Services.Serving;

/// <summary>A request body the model refuses; answered as 400 BAD_REQUEST, as MLflow's scoring server does.</summary>
public sealed class InvalidModelInputException(string message) : Exception(message);
