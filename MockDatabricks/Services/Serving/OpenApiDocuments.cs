using MockDatabricks.Model;

namespace MockDatabricks.Services.Serving;

/// <summary>
/// The query schema an endpoint publishes at <c>/openapi</c>: a minimal OpenAPI 3 document whose request schema
/// reflects the model signature (the exact real layout is to be verified live).
/// </summary>
public static class OpenApiDocuments
{
    public static object? For(ServingEndpointSeed endpoint)
    {
        object? schema = endpoint switch
        {
            // Chat foundation models, and agents: custom models that speak the chat protocol.
            { Task: "llm/v1/chat" } or { Behaviour: "chat" } => ChatSchema(),
            { Task: "llm/v1/embeddings" } => EmbeddingsSchema(),
            { Behaviour: "tensor", Signature: { } signature } => TensorSchema(signature),
            { Signature: { } signature } => SignatureSchema(signature),
            _ => null,
        };
        // Without a signature there is no request schema: the workspace answers 404, or (verify live) a document whose
        // invocation path has no request body; the reference data says which an endpoint does.
        if (schema is null && !endpoint.PublishesDocumentWithoutSchema)
        {
            return null;
        }

        var served = ServingEndpointCatalog.ServedName(endpoint);
        return new Dictionary<string, object>
        {
            ["openapi"] = "3.1.0",
            ["info"] = new Dictionary<string, object> { ["title"] = endpoint.Name, ["version"] = "1" },
            ["servers"] = new[] { new Dictionary<string, object> { ["url"] = $"/serving-endpoints/{endpoint.Name}" } },
            ["paths"] = new Dictionary<string, object>
            {
                [$"/served-models/{served}/invocations"] = new Dictionary<string, object>
                {
                    ["post"] = Operation(schema),
                },
            },
        };
    }

    private static Dictionary<string, object> Operation(object? schema)
    {
        var operation = new Dictionary<string, object>
        {
            ["responses"] = new Dictionary<string, object> { ["200"] = new Dictionary<string, object> { ["description"] = "Successful response" } },
        };
        if (schema is not null)
        {
            operation["requestBody"] = new Dictionary<string, object>
            {
                ["content"] = new Dictionary<string, object> { ["application/json"] = new Dictionary<string, object> { ["schema"] = schema } },
            };
        }

        return operation;
    }

    private static Dictionary<string, object> SignatureSchema(IReadOnlyList<SignatureColumn> signature)
    {
        var properties = signature.ToDictionary(c => c.Name, c => (object)JsonType(c.Type));
        var names = signature.Select(c => c.Name).ToArray();
        var record = new Dictionary<string, object> { ["type"] = "object", ["properties"] = properties, ["required"] = names };
        return new Dictionary<string, object>
        {
            ["oneOf"] = new object[]
            {
                Wrap("dataframe_split", new Dictionary<string, object>
                {
                    ["type"] = "object",
                    ["properties"] = new Dictionary<string, object>
                    {
                        ["columns"] = new Dictionary<string, object> { ["type"] = "array", ["items"] = new Dictionary<string, object> { ["type"] = "string", ["enum"] = names } },
                        ["data"] = new Dictionary<string, object> { ["type"] = "array", ["items"] = new Dictionary<string, object> { ["type"] = "array", ["prefixItems"] = signature.Select(c => JsonType(c.Type)).ToArray() } },
                    },
                    ["required"] = new[] { "columns", "data" },
                }),
                Wrap("dataframe_records", new Dictionary<string, object> { ["type"] = "array", ["items"] = record }),
                Wrap("instances", new Dictionary<string, object> { ["type"] = "array", ["items"] = record }),
            },
        };
    }

    /// <summary>A tensor-based signature takes only the tensor forms: rows (<c>instances</c>) or named columns (<c>inputs</c>).</summary>
    private static Dictionary<string, object> TensorSchema(IReadOnlyList<SignatureColumn> signature)
    {
        var properties = signature.ToDictionary(c => c.Name, c => (object)JsonType(c.Type));
        var record = new Dictionary<string, object> { ["type"] = "object", ["properties"] = properties };
        var columns = signature.ToDictionary(c => c.Name, c => (object)new Dictionary<string, object> { ["type"] = "array", ["items"] = JsonType(c.Type) });
        return new Dictionary<string, object>
        {
            ["oneOf"] = new object[]
            {
                Wrap("instances", new Dictionary<string, object> { ["type"] = "array", ["items"] = record }),
                Wrap("inputs", new Dictionary<string, object> { ["type"] = "object", ["properties"] = columns }),
            },
        };
    }

    private static Dictionary<string, object> ChatSchema() => Wrap("messages", new Dictionary<string, object>
    {
        ["type"] = "array",
        ["items"] = new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object>
            {
                ["role"] = new Dictionary<string, object> { ["type"] = "string", ["enum"] = new[] { "system", "user", "assistant" } },
                ["content"] = new Dictionary<string, object> { ["type"] = "string" },
            },
        },
    });

    private static Dictionary<string, object> EmbeddingsSchema() => Wrap("input", new Dictionary<string, object>
    {
        ["oneOf"] = new object[] { new Dictionary<string, object> { ["type"] = "string" }, new Dictionary<string, object> { ["type"] = "array", ["items"] = new Dictionary<string, object> { ["type"] = "string" } } },
    });

    private static Dictionary<string, object> Wrap(string key, Dictionary<string, object> schema) => new()
    {
        ["type"] = "object",
        ["properties"] = new Dictionary<string, object> { [key] = schema },
        ["required"] = new[] { key },
    };

    private static Dictionary<string, object> JsonType(string mlflowType) => mlflowType switch
    {
        "long" => new() { ["type"] = "integer", ["format"] = "int64" },
        "integer" => new() { ["type"] = "integer", ["format"] = "int32" },
        "double" => new() { ["type"] = "number", ["format"] = "double" },
        "float" => new() { ["type"] = "number", ["format"] = "float" },
        "boolean" => new() { ["type"] = "boolean" },
        _ => new() { ["type"] = "string" },
    };
}
