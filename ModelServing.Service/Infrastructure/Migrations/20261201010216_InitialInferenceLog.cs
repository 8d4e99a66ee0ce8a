using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ModelServing.Service.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class InitialInferenceLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "model_serving");

            migrationBuilder.CreateTable(
                name: "inference_logs",
                schema: "model_serving",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    request_id = table.Column<string>(type: "text", nullable: false),
                    endpoint_name = table.Column<string>(type: "text", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    inputs = table.Column<string>(type: "jsonb", nullable: true),
                    predictions = table.Column<string>(type: "jsonb", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    error_code = table.Column<string>(type: "text", nullable: true),
                    error_message = table.Column<string>(type: "text", nullable: true),
                    execution_time_ms = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inference_logs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "schema_detection_events",
                schema: "model_serving",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    endpoint_name = table.Column<string>(type: "text", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    detected_type = table.Column<string>(type: "text", nullable: false),
                    input_format = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    message = table.Column<string>(type: "text", nullable: true),
                    latency_ms = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_schema_detection_events", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_inference_logs_request_id",
                schema: "model_serving",
                table: "inference_logs",
                column: "request_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_inference_logs_user_id_created_at_id",
                schema: "model_serving",
                table: "inference_logs",
                columns: new[] { "user_id", "created_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "IX_schema_detection_events_endpoint_name_created_at",
                schema: "model_serving",
                table: "schema_detection_events",
                columns: new[] { "endpoint_name", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inference_logs",
                schema: "model_serving");

            migrationBuilder.DropTable(
                name: "schema_detection_events",
                schema: "model_serving");
        }
    }
}
