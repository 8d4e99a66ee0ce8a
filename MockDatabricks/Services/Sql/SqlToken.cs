namespace MockDatabricks.Services.Sql;

public enum SqlTokenKind
{
    Word,
    QuotedIdentifier,
    String,
    Number,
    Parameter,
    Symbol,
}

/// <summary>One token of a Databricks SQL statement; <see cref="Position"/> is its 0-based offset in the text.</summary>
public sealed record SqlToken(SqlTokenKind Kind, string Text, int Position)
{
    public bool IsWord(string word) => Kind == SqlTokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    public bool IsIdentifier => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;
}
