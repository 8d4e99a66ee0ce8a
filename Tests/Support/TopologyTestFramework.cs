using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Tests.Support.TopologyTestFramework", "Tests")]

namespace Tests.Support;

/// <summary>
/// xunit's own framework with two additions: test classes marked <see cref="LongRunningAttribute"/> start first, so
/// that none of them is left to finish the run alone, and one last step once every test has run stops the shared
/// topology (<see cref="TopologyFixture"/>). A failure there (a token in the telemetry, a service that would not stop)
/// fails the run.
/// </summary>
public sealed class TopologyTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(
            IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task AfterTestAssemblyStartingAsync()
        {
            await base.AfterTestAssemblyStartingAsync();
            TestCollectionOrderer = new LongRunningFirst(TestCollectionOrderer, TestCases);
        }

        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await Aggregator.RunAsync(TopologyFixture.StopAsync);
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }

    private sealed class LongRunningFirst(ITestCollectionOrderer inner, IEnumerable<IXunitTestCase> testCases) : ITestCollectionOrderer
    {
        private readonly HashSet<Guid> _longRunning = [.. testCases
            .Where(t => t.TestMethod.TestClass.Class.GetCustomAttributes(typeof(LongRunningAttribute)).Any())
            .Select(t => t.TestMethod.TestClass.TestCollection.UniqueID)];

        public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
            inner.OrderTestCollections(testCollections).OrderBy(c => !_longRunning.Contains(c.UniqueID));
    }
}

/// <summary>
/// The class takes tens of seconds, or spends its time waiting (it starts an app of its own, or waits out retries,
/// timeouts and slow answers): start it early, so that its waits overlap other classes' work instead of ending the run.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LongRunningAttribute : Attribute;
