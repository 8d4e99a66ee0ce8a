using Catalog.Service.Model;
using Catalog.Service.Services.Browse;
using Databricks.Client;

namespace UnitTests.Catalog;

public sealed class DataSourceMapperTests
{
    [Fact]
    public void A_table_is_described_under_the_catalog_and_schema_the_caller_named()
    {
        var table = Table("transactions", columns: []) with
        {
            CatalogName = "MAIN",
            SchemaName = "SALES",
            FullName = "MAIN.SALES.transactions",
            TableType = "MANAGED",
            DataSourceFormat = "DELTA",
            Owner = "alice@example.com",
            Comment = "every sale",
            CreatedAt = 1_700_000_000_123,
            UpdatedAt = 1_700_000_360_456,
        };

        var source = DataSourceMapper.ToDataSource(table, "main", "sales");

        source.Should().BeEquivalentTo(new DataSource(
            "main", "sales", "transactions", "main.sales.transactions", "MANAGED", "DELTA", "alice@example.com", "every sale", [],
            new DateTime(2023, 11, 14, 22, 13, 20, 123, DateTimeKind.Utc), new DateTime(2023, 11, 14, 22, 19, 20, 456, DateTimeKind.Utc)));
        source.CreatedAt!.Value.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Fact]
    public void Times_the_workspace_does_not_give_stay_unknown()
    {
        var source = DataSourceMapper.ToDataSource(Table("t", columns: null), "main", "sales");

        source.CreatedAt.Should().BeNull();
        source.UpdatedAt.Should().BeNull();
        source.Columns.Should().BeEmpty();
    }

    [Fact]
    public void The_epoch_is_a_time_like_any_other() =>
        DataSourceMapper.ToDataSource(Table("t", columns: null) with { CreatedAt = 0 }, "c", "s").CreatedAt.Should().Be(DateTime.UnixEpoch);

    [Fact]
    public void Columns_are_listed_by_position_with_their_types_nullability_and_comments()
    {
        var table = Table("t", columns:
        [
            new ColumnInfo("amount", "DECIMAL", "decimal(10,2)", 2, false, "in euros", 10, 2, null),
            new ColumnInfo("id", "LONG", "bigint", 0, false, null, null, null, null),
            new ColumnInfo("city", "STRING", "string", 1, true, null, null, null, null),
        ]);

        DataSourceMapper.ToDataSource(table, "c", "s").Columns.Should().Equal(
            new DataSourceColumn("id", "LONG", "bigint", false, 0, null),
            new DataSourceColumn("city", "STRING", "string", true, 1, null),
            new DataSourceColumn("amount", "DECIMAL", "decimal(10,2)", false, 2, "in euros"));
    }

    [Fact]
    public void A_column_of_unknown_nullability_may_be_null_and_one_without_a_position_comes_last_at_its_index()
    {
        var table = Table("t", columns:
        [
            new ColumnInfo("loose", "STRING", "string", null, null, null, null, null, null),
            new ColumnInfo("b", "INT", "int", 5, true, null, null, null, null),
            new ColumnInfo("a", "INT", "int", 3, false, null, null, null, null),
        ]);

        DataSourceMapper.ToDataSource(table, "c", "s").Columns.Should().Equal(
            new DataSourceColumn("a", "INT", "int", false, 3, null),
            new DataSourceColumn("b", "INT", "int", true, 5, null),
            new DataSourceColumn("loose", "STRING", "string", true, 2, null));
    }

    private static TableInfo Table(string name, IReadOnlyList<ColumnInfo>? columns) =>
        new(name, null, null, null, null, null, columns, null, null, null, null, null, null, null, null, null, null);
}
