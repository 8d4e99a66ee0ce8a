using Catalog.Service.Services.Browse;
using Catalog.Service.Services.Query;
using Databricks.Client;
using ServiceDefaults.Paging;

namespace UnitTests.Catalog;

public sealed class SelectStatementBuilderTests
{
    private const string From = "FROM `main`.`sales`.`transactions`";
    private const string Page = "LIMIT :row_limit OFFSET :row_offset";

    // Declared out of order on purpose: positions decide.
    private static readonly ColumnInfo[] Columns =
    [
        Column("name", "STRING", 1),
        Column("id", "LONG", 0, nullable: false),
        Column("amount", "DECIMAL", 2, precision: 10, scale: 2),
        Column("tags", "ARRAY", 3),
        Column("created_at", "TIMESTAMP", 4, nullable: null),
    ];

    private const string TieBreakers = "`id` ASC, `name` ASC NULLS FIRST, `amount` ASC NULLS FIRST, `created_at` ASC NULLS FIRST";

    [Fact]
    public void Without_columns_every_column_is_read_in_declared_order_with_a_total_order_over_the_orderable_ones()
    {
        var statements = Build(Query());

        statements.Page.Should().Be($"SELECT `id`, `name`, `amount`, `tags`, `created_at` {From} ORDER BY {TieBreakers} {Page}");
        statements.Count.Should().Be($"SELECT COUNT(*) AS total_row_count {From}");
        statements.FilterParameters.Should().BeEmpty();
    }

    [Fact]
    public void Limit_and_offset_travel_as_integer_parameters()
    {
        var statements = Build(Query() with { Page = new PageRequest(25, 1_000_000) });

        statements.PageParameters.Should().Equal(new StatementParameter("row_limit", "25", "INT"), new StatementParameter("row_offset", "1000000", "INT"));
        statements.AllPageParameters.Should().Equal(statements.PageParameters);
    }

    [Fact]
    public void Requested_columns_are_read_in_the_requested_order_with_the_tables_spelling()
    {
        var statements = Build(Query(columns: ["AMOUNT", "id"]));

        statements.Page.Should().StartWith($"SELECT `amount`, `id` {From} ORDER BY ");
    }

    [Fact]
    public void Columns_unknown_to_the_table_are_reported_once_each_by_field()
    {
        var (statements, errors) = SelectStatementBuilder.Build(
            Query(
                columns: ["id", "nope", "nope", "Nope"],
                filters: [new TableQueryFilter("ghost", FilterOperator.Eq, ["1"]), new TableQueryFilter("id", FilterOperator.Eq, ["1"])],
                orderBy: [new TableQueryOrder("phantom", false)]),
            Columns);

        statements.Should().BeNull();
        errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["columns"] = ["the table has no column 'nope'", "the table has no column 'Nope'"],
            ["filters"] = ["the table has no column 'ghost'"],
            ["order_by"] = ["the table has no column 'phantom'"],
        });
    }

    [Fact]
    public void Known_columns_give_no_errors()
    {
        var (_, errors) = SelectStatementBuilder.Build(Query(columns: ["id"], filters: [new TableQueryFilter("name", FilterOperator.IsNull, [])]), Columns);

        errors.Should().BeNull();
    }

    [Theory]
    [InlineData(FilterOperator.Eq, "=")]
    [InlineData(FilterOperator.Ne, "<>")]
    [InlineData(FilterOperator.Lt, "<")]
    [InlineData(FilterOperator.Le, "<=")]
    [InlineData(FilterOperator.Gt, ">")]
    [InlineData(FilterOperator.Ge, ">=")]
    public void A_comparison_compares_with_a_parameter_cast_to_the_columns_type(FilterOperator op, string sql)
    {
        var statements = Build(Query(filters: [new TableQueryFilter("id", op, ["42"])]));

        statements.Page.Should().Contain($"{From} WHERE `id` {sql} :f0 ORDER BY ");
        statements.Count.Should().Be($"SELECT COUNT(*) AS total_row_count {From} WHERE `id` {sql} :f0");
        statements.FilterParameters.Should().Equal(new StatementParameter("f0", "42", "BIGINT"));
    }

    [Fact]
    public void Like_compares_as_text()
    {
        var statements = Build(Query(filters: [new TableQueryFilter("id", FilterOperator.Like, ["4%"])]));

        statements.Count.Should().EndWith("WHERE `id` LIKE :f0");
        statements.FilterParameters.Should().Equal(new StatementParameter("f0", "4%", null));
    }

    [Fact]
    public void In_gives_one_parameter_per_value()
    {
        var statements = Build(Query(filters: [new TableQueryFilter("amount", FilterOperator.In, ["1.50", "2", "99999999.99"])]));

        statements.Count.Should().EndWith("WHERE `amount` IN (:f0_0, :f0_1, :f0_2)");
        statements.FilterParameters.Should().Equal(
            new StatementParameter("f0_0", "1.50", "DECIMAL(10,2)"),
            new StatementParameter("f0_1", "2", "DECIMAL(10,2)"),
            new StatementParameter("f0_2", "99999999.99", "DECIMAL(10,2)"));
    }

    [Fact]
    public void Null_tests_need_no_parameter_and_every_filter_must_hold()
    {
        var statements = Build(Query(filters:
        [
            new TableQueryFilter("name", FilterOperator.IsNull, []),
            new TableQueryFilter("created_at", FilterOperator.IsNotNull, []),
            new TableQueryFilter("id", FilterOperator.Ge, ["7"]),
            new TableQueryFilter("name", FilterOperator.In, ["a"]),
        ]));

        statements.Count.Should().EndWith($"{From} WHERE `name` IS NULL AND `created_at` IS NOT NULL AND `id` >= :f2 AND `name` IN (:f3_0)");
        statements.FilterParameters.Should().Equal(new StatementParameter("f2", "7", "BIGINT"), new StatementParameter("f3_0", "a", null));
        statements.AllPageParameters.Select(p => p.Name).Should().Equal("f2", "f3_0", "row_limit", "row_offset");
    }

    [Theory]
    [InlineData("LONG", "BIGINT")]
    [InlineData("long", "BIGINT")]
    [InlineData("INT", "INT")]
    [InlineData("SHORT", "SMALLINT")]
    [InlineData("BYTE", "TINYINT")]
    [InlineData("FLOAT", "FLOAT")]
    [InlineData("DOUBLE", "DOUBLE")]
    [InlineData("BOOLEAN", "BOOLEAN")]
    [InlineData("DATE", "DATE")]
    [InlineData("TIMESTAMP", "TIMESTAMP")]
    [InlineData("DECIMAL", "DECIMAL")]
    [InlineData("STRING", null)]
    [InlineData("CHAR", null)]
    [InlineData(null, null)]
    public void A_filter_value_is_cast_to_its_columns_type_and_text_stays_a_string(string? typeName, string? parameterType)
    {
        var statements = Build(Query(filters: [new TableQueryFilter("c", FilterOperator.Eq, ["v"])]), [Column("c", typeName, 0)]);

        statements.FilterParameters.Should().Equal(new StatementParameter("f0", "v", parameterType));
    }

    [Theory]
    [InlineData("DECIMAL", 38, 10, "DECIMAL(38,10)")]
    [InlineData("decimal", 5, null, "DECIMAL(5,0)")]
    [InlineData("DECIMAL", null, 2, "DECIMAL")]
    public void A_decimal_keeps_its_precision_and_scale(string typeName, int? precision, int? scale, string parameterType)
    {
        var statements = Build(
            Query(filters: [new TableQueryFilter("c", FilterOperator.Eq, ["1"])]), [Column("c", typeName, 0, precision: precision, scale: scale)]);

        statements.FilterParameters.Single().Type.Should().Be(parameterType);
    }

    [Fact]
    public void Requested_orders_come_first_then_the_remaining_columns_as_tie_breakers()
    {
        var statements = Build(Query(orderBy: [new TableQueryOrder("amount", true), new TableQueryOrder("ID", true), new TableQueryOrder("AMOUNT", false)]));

        statements.Page.Should().Contain(
            "ORDER BY `amount` DESC NULLS LAST, `id` DESC, `name` ASC NULLS FIRST, `created_at` ASC NULLS FIRST LIMIT");
    }

    [Fact]
    public void A_requested_order_on_a_column_Spark_cannot_order_is_passed_on()
    {
        var statements = Build(Query(orderBy: [new TableQueryOrder("tags", false)]));

        statements.Page.Should().Contain($"ORDER BY `tags` ASC NULLS FIRST, {TieBreakers} LIMIT");
    }

    [Theory]
    [InlineData("ARRAY")]
    [InlineData("MAP")]
    [InlineData("STRUCT")]
    [InlineData("VARIANT")]
    [InlineData("BINARY")]
    [InlineData("INTERVAL")]
    [InlineData("struct")]
    public void Columns_Spark_cannot_order_by_are_no_tie_breakers(string typeName)
    {
        var statements = Build(Query(), [Column("v", typeName, 0), Column("k", "INT", 1, nullable: false)]);

        statements.Page.Should().Be("SELECT `v`, `k` FROM `main`.`sales`.`transactions` ORDER BY `k` ASC LIMIT :row_limit OFFSET :row_offset");
    }

    [Fact]
    public void A_table_with_nothing_to_order_by_has_no_order_clause()
    {
        var statements = Build(Query(), [Column("payload", "BINARY", 0)]);

        statements.Page.Should().Be($"SELECT `payload` {From} {Page}");
    }

    [Fact]
    public void Columns_without_a_position_come_last_and_a_name_given_twice_is_read_once()
    {
        var statements = Build(Query(), [Column("late", "INT", null, nullable: false), Column("b", "INT", 1, nullable: false), Column("B", "STRING", 2), Column("a", "INT", 0, nullable: false)]);

        statements.Page.Should().Be($"SELECT `a`, `b`, `late` {From} ORDER BY `a` ASC, `b` ASC, `late` ASC {Page}");
    }

    [Fact]
    public void Every_identifier_is_quoted_with_its_backticks_doubled()
    {
        var query = new TableQuery(
            new TableName("ca`t", "sch`ema", "ta`ble"), ["co`l"], [new TableQueryFilter("co`l", FilterOperator.Eq, ["x"])], [], new PageRequest(10, 0));

        var statements = Build(query, [Column("co`l", "STRING", 0)]);

        statements.Count.Should().Be("SELECT COUNT(*) AS total_row_count FROM `ca``t`.`sch``ema`.`ta``ble` WHERE `co``l` = :f0");
        statements.Page.Should().StartWith("SELECT `co``l` FROM ").And.Contain("ORDER BY `co``l` ASC NULLS FIRST");
    }

    private static TableQuery Query(
        IReadOnlyList<string>? columns = null, IReadOnlyList<TableQueryFilter>? filters = null, IReadOnlyList<TableQueryOrder>? orderBy = null) =>
        new(new TableName("main", "sales", "transactions"), columns, filters ?? [], orderBy ?? [], new PageRequest(100, 0));

    private static SelectStatements Build(TableQuery query, IReadOnlyList<ColumnInfo>? columns = null)
    {
        var (statements, errors) = SelectStatementBuilder.Build(query, columns ?? Columns);
        errors.Should().BeNull();
        return statements!;
    }

    private static ColumnInfo Column(string name, string? typeName, int? position, bool? nullable = true, int? precision = null, int? scale = null) =>
        new(name, typeName, typeName?.ToLowerInvariant(), position, nullable, null, precision, scale, null);
}
