using Catalog.Service.Model;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Catalog.Service.Extensions;

/// <summary>
/// <see cref="QueryRows"/> is written by its own converter, which the schema generator cannot see through: describe it
/// as what goes over the wire, an array of objects keyed by column name.
/// </summary>
internal sealed class QueryRowsSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(QueryRows))
        {
            schema.Type = JsonSchemaType.Array;
            schema.Properties?.Clear();
            schema.Items = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "One row: column name to value (number, boolean, string, or null; DECIMAL as a string).",
            };
        }

        return Task.CompletedTask;
    }
}
