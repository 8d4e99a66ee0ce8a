using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MockDatabricks.Model;

namespace MockDatabricks.Services.Serving;

/// <summary>The deterministic answers of the mock models.</summary>
public static class ModelBehaviours
{
    public static object Chat(ServingEndpointSeed endpoint, JsonElement body, TimeProvider time)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array
            || messages.GetArrayLength() == 0)
        {
            throw new InvalidModelInputException("'messages' must be a non-empty list of {role, content} objects.");
        }

        var contents = messages.EnumerateArray()
            .Select(m => (Role: m.TryGetProperty("role", out var r) ? r.GetString() : null, Content: m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : ""))
            .ToList();
        var lastUser = contents.LastOrDefault(m => m.Role == "user").Content
            ?? throw new InvalidModelInputException("The conversation has no 'user' message.");
        var reply = $"You said: {lastUser}";
        var promptTokens = contents.Sum(m => Words(m.Content));
        var completionTokens = Words(reply);
        return new
        {
            id = $"chatcmpl-{Hash(lastUser)[..24]}",
            @object = "chat.completion",
            created = time.GetUtcNow().ToUnixTimeSeconds(),
            model = endpoint.FoundationModel ?? endpoint.Name,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = reply }, finish_reason = "stop" } },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        };
    }

    public static object Embeddings(ServingEndpointSeed endpoint, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("input", out var input))
        {
            throw new InvalidModelInputException("'input' must be a string or a list of strings.");
        }

        var texts = input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString()!],
            JsonValueKind.Array when input.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String) => input.EnumerateArray().Select(i => i.GetString()!).ToList(),
            _ => throw new InvalidModelInputException("'input' must be a string or a list of strings."),
        };
        var tokens = texts.Sum(Words);
        return new
        {
            @object = "list",
            model = endpoint.FoundationModel ?? endpoint.Name,
            data = texts.Select((text, index) => new { @object = "embedding", index, embedding = Embed(text) }).ToList(),
            usage = new { prompt_tokens = tokens, total_tokens = tokens },
        };
    }

    /// <summary>The churn probability of each row: higher for short tenure, high charges and monthly contracts.</summary>
    public static object Churn(IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows) => new
    {
        predictions = rows.Select(row =>
        {
            var contract = row["contract"].GetString() switch
            {
                "Month-to-month" => 0.8,
                "One year" => -0.5,
                "Two year" => -1.5,
                _ => 0.0,
            };
            var z = 1.2 - (0.06 * row["tenure"].GetInt64()) + (0.02 * row["monthly_charges"].GetDouble()) + contract;
            return Math.Round(1 / (1 + Math.Exp(-z)), 4);
        }).ToList(),
    };

    /// <summary>The answer of the plain custom models: one score per row, derived from the row's text.</summary>
    public static object Generic(IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows) => new { predictions = Scores(rows) };

    /// <summary>A model with a tensor signature: the same scores as <see cref="Generic"/>, under <c>outputs</c> as tensor models answer.</summary>
    public static object Tensor(IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows) => new
    {
        outputs = Scores(rows),
    };

    private static List<double> Scores(IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows) =>
        rows.Select(row => Math.Round(Embed(string.Join("|", row.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.GetRawText())))[0] / 2 + 0.5, 4)).ToList();

    private static double[] Embed(string text) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(text)).Take(8).Select(b => Math.Round((b / 127.5) - 1, 6)).ToArray();

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
