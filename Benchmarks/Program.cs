using Benchmarks;

return args.FirstOrDefault() switch
{
    "topology" => await TopologyBenchmark.RunAsync(args[1..]),
    "warehouse" => await WarehouseBenchmark.RunAsync(args[1..]),
    "preferences" => await PreferencesBenchmark.RunAsync(args[1..]),
    "serving" => await ServingBenchmark.RunAsync(args[1..]),
    "catalog" => await CatalogBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Benchmarks -- topology [--runs N] [--details] | warehouse [--runs N] | preferences [--seconds N] | serving [--seconds N]");
    return 2;
}
