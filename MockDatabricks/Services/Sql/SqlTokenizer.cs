using System.Text;

namespace MockDatabricks.Services.Sql;

/// <summary>Splits Databricks SQL into tokens: backtick identifiers (with doubled backticks), string literals,
/// numbers, <c>:name</c> parameters and operators. Comments are dropped.</summary>
public static class SqlTokenizer
{
    private static readonly string[] Symbols = ["<=>", "<>", "!=", "<=", ">=", "==", "||", "(", ")", ",", ".", "*", "=", "<", ">", "+", "-", "/", "%", ";"];

    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && At(sql, i + 1, '-'))
            {
                while (i < sql.Length && sql[i] != '\n') i++;
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw SqlFailure.Syntax("/*", i);
                i = end + 2;
            }
            else if (c == '`')
            {
                tokens.Add(ReadQuoted(sql, ref i, '`', SqlTokenKind.QuotedIdentifier, backslashEscapes: false));
            }
            else if (c is '\'' or '"')
            {
                // Spark reads double-quoted text as a string literal, not an identifier.
                tokens.Add(ReadQuoted(sql, ref i, c, SqlTokenKind.String, backslashEscapes: true));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < sql.Length && char.IsDigit(sql[i + 1])))
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiDigit(sql[i]) || sql[i] == '.')) i++;
                if (i < sql.Length && char.IsLetter(sql[i])) throw SqlFailure.Syntax(sql[start..(i + 1)], start);
                tokens.Add(new(SqlTokenKind.Number, sql[start..i], start));
            }
            else if (c == ':' && i + 1 < sql.Length && IsWordStart(sql[i + 1]))
            {
                var start = i++;
                while (i < sql.Length && IsWordPart(sql[i])) i++;
                tokens.Add(new(SqlTokenKind.Parameter, sql[(start + 1)..i], start));
            }
            else if (IsWordStart(c))
            {
                var start = i;
                while (i < sql.Length && IsWordPart(sql[i])) i++;
                tokens.Add(new(SqlTokenKind.Word, sql[start..i], start));
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(sql, i, s, 0, s.Length) == 0)
                    ?? throw SqlFailure.Syntax(c.ToString(), i);
                tokens.Add(new(SqlTokenKind.Symbol, symbol, i));
                i += symbol.Length;
            }
        }

        return tokens;
    }

    private static SqlToken ReadQuoted(string sql, ref int i, char quote, SqlTokenKind kind, bool backslashEscapes)
    {
        var start = i++;
        var text = new StringBuilder();
        while (true)
        {
            if (i >= sql.Length) throw SqlFailure.Syntax(sql[start..], start);
            var c = sql[i];
            if (c == quote)
            {
                if (At(sql, i + 1, quote))
                {
                    text.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return new(kind, text.ToString(), start);
            }

            if (backslashEscapes && c == '\\' && i + 1 < sql.Length)
            {
                text.Append(sql[i + 1] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', var other => other });
                i += 2;
                continue;
            }

            text.Append(c);
            i++;
        }
    }

    private static bool At(string sql, int index, char c) => index < sql.Length && sql[index] == c;

    private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c == '_';
}
