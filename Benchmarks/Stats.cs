namespace Benchmarks;

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The nearest-rank percentile, <paramref name="percentile"/> in 0..1.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static string Summary(IReadOnlyList<double> milliseconds) =>
        $"median {Median(milliseconds),6:F0} ms   worst {milliseconds.Max(),6:F0} ms   (n={milliseconds.Count})";
}
