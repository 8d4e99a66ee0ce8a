using System.Collections;

namespace ServiceDefaults.Correlation;

/// <summary>
/// A logging scope with one structured property, <c>CorrelationId</c>. Structured loggers read the pair; text loggers
/// print <see cref="ToString"/>.
/// </summary>
internal sealed class CorrelationLogScope(string correlationId) : IEnumerable<KeyValuePair<string, object?>>
{
    public const string PropertyName = "CorrelationId";

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return new(PropertyName, correlationId);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{PropertyName}:{correlationId}";
}
