namespace MockDatabricks.Services.Sql;

/// <summary>
/// A statement failure as the statement API reports it: a bracketed Spark error class at the start of the message
/// and its SQLSTATE. The coarse <c>error_code</c> is BAD_REQUEST for analysis errors, as in captured real answers.
/// </summary>
public sealed class SqlFailure(string errorClass, string message, string sqlState, int? position = null, string errorCode = "BAD_REQUEST")
    : Exception(message)
{
    public string ErrorClass { get; } = errorClass;

    public string SqlState { get; } = sqlState;

    public string ErrorCode { get; } = errorCode;

    public int? Position { get; } = position;

    public string StatusMessage =>
        $"[{ErrorClass}] {Message} SQLSTATE: {SqlState}{(Position is { } position ? $"; line 1 pos {position}" : "")}";

    public static SqlFailure Syntax(string near, int position) =>
        new("PARSE_SYNTAX_ERROR", $"Syntax error at or near '{near}'.", "42601", position);
}
