using System.Text;
using MockDatabricks.Infrastructure;
using MockDatabricks.Model;
using Npgsql;
using NpgsqlTypes;

namespace MockDatabricks.Services.Sql;

/// <summary>
/// Translates the Databricks SQL subset the services emit into one PostgreSQL query: identifiers are quoted (and
/// folded to lower case, as Spark resolves them case-insensitively), three-part names become
/// <c>"catalog__schema"."table"</c>, <c>:name</c> parameters and string literals become positional parameters, so no
/// value is ever pasted into the SQL text. Only a single SELECT with allow-listed functions is accepted, which also
/// keeps the statement from leaving the caller's role.
/// </summary>
public static class SqlTranslator
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "DISTINCT", "ALL", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "ILIKE", "BETWEEN",
        "ORDER", "BY", "ASC", "DESC", "NULLS", "FIRST", "LAST", "LIMIT", "OFFSET", "AS", "TRUE", "FALSE", "GROUP",
        "HAVING", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "ON", "CASE", "WHEN", "THEN", "ELSE", "END",
    };

    private static readonly HashSet<string> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        "count", "sum", "avg", "min", "max", "lower", "upper", "coalesce", "length", "abs", "round", "trim",
    };

    public static TranslatedStatement Translate(string statement, IReadOnlyList<StatementParameter> parameters, string defaultCatalog, string defaultSchema)
    {
        var tokens = SqlTokenizer.Tokenize(statement);
        if (tokens.Count > 0 && tokens[^1].IsSymbol(";"))
        {
            tokens.RemoveAt(tokens.Count - 1);
        }

        if (tokens.Count == 0)
        {
            throw SqlFailure.Syntax("end of input", statement.Length);
        }

        if (!tokens[0].IsWord("SELECT"))
        {
            throw SqlFailure.Syntax(tokens[0].Text, tokens[0].Position);
        }

        var byName = parameters
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var bound = new List<NpgsqlParameter>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var tables = new List<TableReference>();
        var sql = new StringBuilder(statement.Length + 32);
        var inFromList = false;

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            string text;
            switch (token.Kind)
            {
                case SqlTokenKind.Word when Keywords.Contains(token.Text):
                    text = token.Text.ToUpperInvariant();
                    inFromList = text is "FROM" or "JOIN";
                    if (inFromList)
                    {
                        Append(sql, text);
                        text = ReadTable(tokens, ref i, defaultCatalog, defaultSchema, tables);
                    }

                    break;
                // A call, however the name is written: `set_config`(…) must not slip past the allow-list as an identifier.
                case SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier when Next(tokens, i)?.IsSymbol("(") == true:
                    text = Functions.Contains(token.Text)
                        ? token.Text.ToLowerInvariant()
                        : throw new SqlFailure("UNRESOLVED_ROUTINE",
                            $"Cannot resolve routine `{token.Text}` on search path [`system`.`builtin`, `system`.`session`].", "42883", token.Position);
                    break;
                case SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier:
                    text = Identifier(token);
                    break;
                case SqlTokenKind.Parameter:
                    text = "$" + ParameterIndex(token, byName, positions, bound);
                    break;
                case SqlTokenKind.String:
                    bound.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Unknown, Value = token.Text });
                    text = "$" + bound.Count;
                    break;
                case SqlTokenKind.Number:
                    text = token.Text.Count(c => c == '.') <= 1 ? token.Text : throw SqlFailure.Syntax(token.Text, token.Position);
                    break;
                default:
                    text = token.Text switch
                    {
                        ";" or "<=>" => throw SqlFailure.Syntax(token.Text, token.Position),
                        "==" => "=",
                        "!=" => "<>",
                        _ => token.Text,
                    };
                    if (inFromList && token.IsSymbol(","))
                    {
                        Append(sql, text);
                        text = ReadTable(tokens, ref i, defaultCatalog, defaultSchema, tables);
                    }
                    else if (token.IsSymbol(")"))
                    {
                        inFromList = false;
                    }

                    break;
            }

            Append(sql, text);
        }

        return new(sql.ToString(), bound, tables);
    }

    private static void Append(StringBuilder sql, string text)
    {
        if (sql.Length > 0 && text != "." && text != "," && text != ")" && sql[^1] != '.' && sql[^1] != '(')
        {
            sql.Append(' ');
        }

        sql.Append(text);
    }

    private static SqlToken? Next(List<SqlToken> tokens, int i) => i + 1 < tokens.Count ? tokens[i + 1] : null;

    private static string ReadTable(List<SqlToken> tokens, ref int i, string defaultCatalog, string defaultSchema, List<TableReference> tables)
    {
        var parts = new List<string>();
        var start = Next(tokens, i) ?? throw SqlFailure.Syntax("end of input", tokens[i].Position + tokens[i].Text.Length);
        if (start.IsSymbol("("))
        {
            return "";
        }

        while (true)
        {
            var part = Next(tokens, i);
            if (part is null || !part.IsIdentifier || (part.Kind == SqlTokenKind.Word && Keywords.Contains(part.Text)))
            {
                throw SqlFailure.Syntax(part?.Text ?? "end of input", part?.Position ?? tokens[i].Position);
            }

            parts.Add(Fold(part));
            i++;
            if (parts.Count < 3 && Next(tokens, i)?.IsSymbol(".") == true)
            {
                i++;
                continue;
            }

            break;
        }

        var reference = parts switch
        {
            [var table] => new TableReference(defaultCatalog, defaultSchema, table, start.Position),
            [var schema, var table] => new TableReference(defaultCatalog, schema, table, start.Position),
            _ => new TableReference(parts[0], parts[1], parts[2], start.Position),
        };
        tables.Add(reference);
        return $"{WarehouseDatabase.QuoteIdentifier(reference.PgSchema)}.{WarehouseDatabase.QuoteIdentifier(reference.Table)}";
    }

    private static string Identifier(SqlToken token) =>
        token.Text.Contains('\0', StringComparison.Ordinal)
            ? throw SqlFailure.Syntax(token.Text, token.Position)
            : WarehouseDatabase.QuoteIdentifier(Fold(token));

    private static string Fold(SqlToken token) => token.Text.ToLowerInvariant();

    private static int ParameterIndex(SqlToken token, Dictionary<string, StatementParameter> byName, Dictionary<string, int> positions, List<NpgsqlParameter> bound)
    {
        if (positions.TryGetValue(token.Text, out var index))
        {
            return index;
        }

        if (!byName.TryGetValue(token.Text, out var parameter))
        {
            throw new SqlFailure("UNBOUND_SQL_PARAMETER", $"Found the unbound parameter: {token.Text}. Please, fix `args` and provide a mapping of the parameter to either a SQL literal or collection constructor functions such as `map()`, `array()`, `struct()`.", "42P02", token.Position);
        }

        bound.Add(SqlParameterBinder.Bind(parameter));
        positions[token.Text] = bound.Count;
        return bound.Count;
    }
}
