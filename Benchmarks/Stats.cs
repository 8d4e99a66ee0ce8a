namespace Benchmarks;

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string Summary(IReadOnlyList<double> milliseconds) =>
        $"median {Median(milliseconds),6:F0} ms   worst {milliseconds.Max(),6:F0} ms   (n={milliseconds.Count})";
}
