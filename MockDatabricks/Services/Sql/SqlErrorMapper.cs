using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MockDatabricks.Services.Sql;

/// <summary>
/// Maps what PostgreSQL refused back to the Spark error class Databricks would report. PostgreSQL decides; the model
/// only supplies the Databricks wording (which privilege, on which securable, which columns exist).
/// </summary>
public sealed partial class SqlErrorMapper(WorkspaceCatalog catalog, PrivilegeModel privileges, ILogger<SqlErrorMapper> logger)
{
    public SqlFailure Map(PostgresException exception, Principal principal, TranslatedStatement statement) => exception.SqlState switch
    {
        PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName => TableNotFound(exception, statement),
        PostgresErrorCodes.InsufficientPrivilege => InsufficientPermissions(exception, principal, statement),
        PostgresErrorCodes.UndefinedColumn => UnresolvedColumn(exception, statement),
        PostgresErrorCodes.SyntaxError => SqlFailure.Syntax(Near(exception.MessageText), exception.Position > 0 ? exception.Position - 1 : 0),
        PostgresErrorCodes.UndefinedFunction => new SqlFailure("DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
            $"Cannot resolve the expression due to data type mismatch: {exception.MessageText}.", "42K09"),
        PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.InvalidDatetimeFormat
            or PostgresErrorCodes.DatetimeFieldOverflow or PostgresErrorCodes.NumericValueOutOfRange =>
            new SqlFailure("CAST_INVALID_INPUT", $"A value cannot be cast to the required type: {exception.MessageText}.", "22018"),
        PostgresErrorCodes.DivisionByZero => new SqlFailure("DIVIDE_BY_ZERO", "Division by zero.", "22012"),
        PostgresErrorCodes.GroupingError => new SqlFailure("MISSING_AGGREGATION", $"The non-aggregating expression is based on columns which are not participating in the GROUP BY clause: {exception.MessageText}.", "42803"),
        PostgresErrorCodes.QueryCanceled => new SqlFailure("QUERY_EXECUTION_TIMEOUT_EXCEEDED", "The query exceeded the statement timeout.", "57KD0", errorCode: "DEADLINE_EXCEEDED"),
        _ => new SqlFailure("INTERNAL_ERROR", $"The mock warehouse could not run the statement: {exception.MessageText}.", exception.SqlState, errorCode: "INTERNAL_ERROR"),
    };

    private SqlFailure TableNotFound(PostgresException exception, TranslatedStatement statement)
    {
        var reference = statement.Tables.FirstOrDefault(t => exception.MessageText.Contains($"\"{t.PgSchema}.{t.Table}\"", StringComparison.Ordinal))
            ?? statement.Tables.FirstOrDefault(t => catalog.FindTable(t.Catalog, t.Schema, t.Table) is null)
            ?? statement.Tables.FirstOrDefault();
        var name = reference?.Quoted ?? "<unknown>";
        return new SqlFailure("TABLE_OR_VIEW_NOT_FOUND",
            $"The table or view {name} cannot be found. Verify the spelling and correctness of the schema and catalog.\n" +
            "If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.",
            "42P01", reference?.Position);
    }

    private SqlFailure InsufficientPermissions(PostgresException exception, Principal principal, TranslatedStatement statement)
    {
        foreach (var table in statement.Tables)
        {
            var missing =
                !privileges.CanUseCatalog(principal.UserName, table.Catalog) ? $"USE CATALOG on Catalog '{table.Catalog}'"
                : !privileges.CanUseSchema(principal.UserName, table.Catalog, table.Schema) ? $"USE SCHEMA on Schema '{table.Catalog}.{table.Schema}'"
                : !privileges.HasSelect(principal.UserName, table.Catalog, table.Schema, table.Table) ? $"SELECT on Table '{table.FullName}'"
                : null;
            if (missing is not null)
            {
                return Permissions(missing);
            }
        }

        // The model grants everything the statement reads, yet PostgreSQL refused: the role's grants lag the model.
        LogRoleBehindModel(logger, principal.UserName, exception.MessageText);
        return Permissions($"SELECT on Table '{statement.Tables.FirstOrDefault()?.FullName}'");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL refused a statement of {UserName} that the privilege model allows: {PostgresMessage}")]
    private static partial void LogRoleBehindModel(ILogger logger, string userName, string postgresMessage);

    private static SqlFailure Permissions(string missing) =>
        new("INSUFFICIENT_PERMISSIONS", $"Insufficient privileges: User does not have {missing}.", "42501");

    private SqlFailure UnresolvedColumn(PostgresException exception, TranslatedStatement statement)
    {
        var column = ColumnName().Match(exception.MessageText) is { Success: true } match ? match.Groups[1].Value : "?";
        var candidates = statement.Tables
            .Select(t => catalog.FindTable(t.Catalog, t.Schema, t.Table))
            .OfType<TableNode>()
            .SelectMany(t => t.Seed.Columns.Select(c => $"`{c.Name}`"))
            .ToList();
        return candidates.Count == 0
            ? new SqlFailure("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", $"A column, variable, or function parameter with name `{column}` cannot be resolved.", "42703")
            : new SqlFailure("UNRESOLVED_COLUMN.WITH_SUGGESTION",
                $"A column, variable, or function parameter with name `{column}` cannot be resolved. Did you mean one of the following? [{string.Join(", ", candidates)}].", "42703");
    }

    private static string Near(string message) =>
        NearText().Match(message) is { Success: true } match ? match.Groups[1].Value : "end of input";

    [GeneratedRegex("column \"?(?:[^\"]*\\.)?([^\".]+)\"? does not exist")]
    private static partial Regex ColumnName();

    [GeneratedRegex("at or near \"(.*)\"")]
    private static partial Regex NearText();
}
