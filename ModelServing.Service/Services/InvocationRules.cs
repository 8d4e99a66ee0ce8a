using System.Text;
using System.Text.Json;
using ModelServing.Service.Model;

namespace ModelServing.Service.Services;

/// <summary>An invoke request that passed <see cref="InvocationRules.Validate"/>: exactly one of inputs or table source.</summary>
public sealed record ValidInvocation(string EndpointName, JsonElement? Inputs, TableSource? TableSource, int TimeoutSeconds);

/// <summary>The rules of <c>POST /invoke</c> (api-contract.md §4), checked before anything is sent.</summary>
public static class InvocationRules
{
    public const int DefaultTimeoutSeconds = 30;
    public const int MaxTimeoutSeconds = 300;
    public const int MaxInputsBytes = 4 * 1024 * 1024;
    public const int DefaultTableLimit = 100;
    public const int MaxTableLimit = 1000;

    private static readonly string[] ChatRoles = ["system", "user", "assistant"];

    public static (ValidInvocation? Invocation, Dictionary<string, string[]> Errors) Validate(InvokeRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.EndpointName) || !IsStorable(request.EndpointName))
        {
            errors["endpoint_name"] = ["is required, without control characters"];
        }

        var timeout = TimeoutOf(request.TimeoutSeconds, errors);
        var inputs = request.Inputs is { ValueKind: not JsonValueKind.Null } given ? given : (JsonElement?)null;
        switch (inputs, request.TableSource)
        {
            case (null, null):
                errors["inputs"] = ["is required, unless table_source names a table to score"];
                break;
            case (not null, not null):
                errors["inputs"] = ["give either inputs or table_source, not both"];
                break;
            case ({ } body, null) when InputsError(body) is { } error:
                errors["inputs"] = [error];
                break;
            case (null, { } table) when TableSourceError(table) is { } error:
                errors["table_source"] = [error];
                break;
        }

        return errors.Count > 0 ? (null, errors) : (new ValidInvocation(request.EndpointName!, inputs, request.TableSource, timeout), errors);
    }

    private static int TimeoutOf(JsonElement? value, Dictionary<string, string[]> errors)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } given)
        {
            return DefaultTimeoutSeconds;
        }

        if (given.ValueKind == JsonValueKind.Number && given.TryGetInt32(out var seconds) && seconds is >= 1 and <= MaxTimeoutSeconds)
        {
            return seconds;
        }

        errors["timeout_seconds"] = [$"must be an integer from 1 to {MaxTimeoutSeconds}"];
        return DefaultTimeoutSeconds;
    }

    private static string? InputsError(JsonElement inputs)
    {
        if (inputs.ValueKind != JsonValueKind.Object)
        {
            return "must be a JSON object: a chat, completions or embeddings body, or one of dataframe_split, dataframe_records, instances, inputs";
        }

        var text = inputs.GetRawText();
        if (Encoding.UTF8.GetByteCount(text) > MaxInputsBytes)
        {
            return $"must be at most {MaxInputsBytes / (1024 * 1024)} MiB when serialised; split the batch";
        }

        // The log keeps the inputs as jsonb, which cannot hold a NUL character.
        if (ContainsNul(text))
        {
            return "must not contain the NUL character (\\u0000)";
        }

        var forms = InputFormats.Keys.Where(k => inputs.TryGetProperty(k.Key, out _)).ToList();
        if (forms.Count != 1)
        {
            return $"must have exactly one of {string.Join(", ", InputFormats.Keys.Select(k => k.Key))}; found {(forms.Count == 0 ? "none" : string.Join(", ", forms.Select(f => f.Key)))}";
        }

        var (key, format) = forms[0];
        var value = inputs.GetProperty(key);
        return format switch
        {
            DetectionValues.Chat => IsChat(value) ? null : "messages must be a non-empty list of {role, content}, role one of system, user, assistant",
            DetectionValues.Completions or DetectionValues.Embeddings =>
                IsTextOrTexts(value) ? null : $"{key} must be a string or a non-empty list of strings",
            DetectionValues.DataframeSplit => IsSplit(value) ? null : "dataframe_split must be an object with 'columns' and 'data' lists",
            DetectionValues.DataframeRecords => IsNonEmptyListOf(value, JsonValueKind.Object) ? null : "dataframe_records must be a non-empty list of objects",
            DetectionValues.Instances => IsNonEmptyListOf(value, null) ? null : "instances must be a non-empty list",
            _ => value.ValueKind is JsonValueKind.Array or JsonValueKind.Object ? null : "inputs must be a list or an object of named lists",
        };
    }

    private static string? TableSourceError(TableSource table)
    {
        if (string.IsNullOrWhiteSpace(table.Catalog) || string.IsNullOrWhiteSpace(table.Schema) || string.IsNullOrWhiteSpace(table.Table))
        {
            return "catalog, schema and table are required";
        }

        if (table.Limit is < 1 or > MaxTableLimit)
        {
            return $"limit must be from 1 to {MaxTableLimit}";
        }

        return table.Filters is { ValueKind: not (JsonValueKind.Array or JsonValueKind.Null) } ? "filters must be a list of {column, op, value}" : null;
    }

    /// <summary>False for text PostgreSQL cannot store or that no endpoint name has: control characters, NUL included.</summary>
    public static bool IsStorable(string text) => !text.Any(char.IsControl);

    private static bool IsChat(JsonElement messages) =>
        IsNonEmptyListOf(messages, JsonValueKind.Object)
        && messages.EnumerateArray().All(m =>
            m.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String && ChatRoles.Contains(role.GetString())
            && m.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String);

    private static bool IsTextOrTexts(JsonElement value) =>
        value.ValueKind == JsonValueKind.String || IsNonEmptyListOf(value, JsonValueKind.String);

    private static bool IsSplit(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object
        && value.TryGetProperty("columns", out var columns) && columns.ValueKind == JsonValueKind.Array
        && value.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array;

    private static bool IsNonEmptyListOf(JsonElement value, JsonValueKind? itemKind) =>
        value.ValueKind == JsonValueKind.Array
        && value.GetArrayLength() > 0
        && (itemKind is null || value.EnumerateArray().All(item => item.ValueKind == itemKind));

    /// <summary>
    /// Whether the JSON text holds a NUL character, which JSON can only send escaped: a <c>\u0000</c> whose backslash is
    /// not itself escaped (an odd run of backslashes). Read from the raw text so that nothing is decoded.
    /// </summary>
    private static bool ContainsNul(string json)
    {
        for (var at = json.IndexOf("u0000", StringComparison.Ordinal); at > 0; at = json.IndexOf("u0000", at + 1, StringComparison.Ordinal))
        {
            var backslashes = 0;
            while (at - backslashes - 1 >= 0 && json[at - backslashes - 1] == '\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                return true;
            }
        }

        return false;
    }
}
