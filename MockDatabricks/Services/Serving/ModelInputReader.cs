using System.Text.Json;
using MockDatabricks.Model;

namespace MockDatabricks.Services.Serving;

/// <summary>Reads the MLflow pyfunc scoring protocol (dataframe_split, dataframe_records, instances, inputs) into rows.</summary>
public static class ModelInputReader
{
    private static readonly string[] InputKeys = ["dataframe_split", "dataframe_records", "instances", "inputs"];

    public static IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> ReadRows(JsonElement body, IReadOnlyList<SignatureColumn>? signature)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw Protocol("a JSON list");
        }

        var present = InputKeys.Where(k => body.TryGetProperty(k, out _)).ToList();
        if (present.Count != 1)
        {
            throw Protocol($"input fields [{string.Join(", ", body.EnumerateObject().Select(p => $"'{p.Name}'"))}]");
        }

        var value = body.GetProperty(present[0]);
        var rows = present[0] switch
        {
            "dataframe_split" => ReadSplit(value),
            "dataframe_records" => ReadRecords(value),
            _ => ReadTensors(value, signature),
        };
        if (signature is not null)
        {
            foreach (var row in rows)
            {
                Enforce(row, signature);
            }
        }

        return rows;
    }

    private static List<IReadOnlyDictionary<string, JsonElement>> ReadSplit(JsonElement split)
    {
        if (split.ValueKind != JsonValueKind.Object || !split.TryGetProperty("columns", out var columns) || !split.TryGetProperty("data", out var data)
            || columns.ValueKind != JsonValueKind.Array || data.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidModelInputException("dataframe_split must be an object with 'columns' and 'data' arrays.");
        }

        var names = columns.EnumerateArray().Select(c => c.ToString()).ToList();
        return data.EnumerateArray().Select(row =>
        {
            var cells = row.ValueKind == JsonValueKind.Array ? row.EnumerateArray().ToList() : [];
            if (cells.Count != names.Count)
            {
                throw new InvalidModelInputException($"Each row of dataframe_split.data must have {names.Count} values.");
            }

            return (IReadOnlyDictionary<string, JsonElement>)names.Zip(cells).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        }).ToList();
    }

    private static List<IReadOnlyDictionary<string, JsonElement>> ReadRecords(JsonElement records)
    {
        if (records.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidModelInputException("dataframe_records must be a list of records.");
        }

        return records.EnumerateArray().Select(ToRow).ToList();
    }

    private static List<IReadOnlyDictionary<string, JsonElement>> ReadTensors(JsonElement tensors, IReadOnlyList<SignatureColumn>? signature)
    {
        if (tensors.ValueKind == JsonValueKind.Object)
        {
            // Column-oriented: {name: [values…]}.
            var columns = tensors.EnumerateObject().Select(p => (p.Name, Values: p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().ToList() : [p.Value])).ToList();
            var count = columns.Count == 0 ? 0 : columns.Max(c => c.Values.Count);
            return Enumerable.Range(0, count)
                .Select(i => (IReadOnlyDictionary<string, JsonElement>)columns.Where(c => i < c.Values.Count).ToDictionary(c => c.Name, c => c.Values[i], StringComparer.Ordinal))
                .ToList();
        }

        if (tensors.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidModelInputException("instances must be a list.");
        }

        return tensors.EnumerateArray().Select(item => item.ValueKind switch
        {
            JsonValueKind.Object => ToRow(item),
            JsonValueKind.Array => item.EnumerateArray()
                .Select((cell, i) => (Name: signature is not null && i < signature.Count ? signature[i].Name : i.ToString(System.Globalization.CultureInfo.InvariantCulture), Cell: cell))
                .ToDictionary(p => p.Name, p => p.Cell, StringComparer.Ordinal),
            _ => (IReadOnlyDictionary<string, JsonElement>)new Dictionary<string, JsonElement>(StringComparer.Ordinal) { [signature?.FirstOrDefault()?.Name ?? "0"] = item },
        }).ToList();
    }

    private static IReadOnlyDictionary<string, JsonElement> ToRow(JsonElement record) =>
        record.ValueKind == JsonValueKind.Object
            ? record.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
            : throw new InvalidModelInputException("Each record must be a JSON object.");

    private static void Enforce(IReadOnlyDictionary<string, JsonElement> row, IReadOnlyList<SignatureColumn> signature)
    {
        var missing = signature.Where(c => !row.ContainsKey(c.Name)).Select(c => $"'{c.Name}'").ToList();
        if (missing.Count > 0)
        {
            throw new InvalidModelInputException($"Model is missing inputs [{string.Join(", ", missing)}]. Note that there were extra inputs: [{string.Join(", ", row.Keys.Where(k => signature.All(c => c.Name != k)).Select(k => $"'{k}'"))}].");
        }

        var extra = row.Keys.Where(k => signature.All(c => c.Name != k)).Select(k => $"'{k}'").ToList();
        if (extra.Count > 0)
        {
            throw new InvalidModelInputException($"Model received unknown inputs [{string.Join(", ", extra)}]; its signature has [{string.Join(", ", signature.Select(c => $"'{c.Name}'"))}].");
        }

        foreach (var column in signature)
        {
            var cell = row[column.Name];
            var ok = column.Type switch
            {
                "long" or "integer" => cell.ValueKind == JsonValueKind.Number && cell.TryGetInt64(out _),
                "double" or "float" => cell.ValueKind == JsonValueKind.Number,
                "boolean" => cell.ValueKind is JsonValueKind.True or JsonValueKind.False,
                _ => cell.ValueKind == JsonValueKind.String,
            };
            if (!ok)
            {
                throw new InvalidModelInputException($"Incompatible input types for column {column.Name}. Can not safely convert {cell.ValueKind.ToString().ToLowerInvariant()} to {column.Type}.");
            }
        }
    }

    private static InvalidModelInputException Protocol(string received) => new(
        "The input must be a JSON dictionary with exactly one of the input fields {'dataframe_split', 'dataframe_records', 'instances', 'inputs'}. " +
        $"Received {received}. IMPORTANT: The MLflow Model scoring protocol has changed in MLflow version 2.0.");
}
