using Hosting.Orchestration;

namespace Tests.Support;

/// <summary>Hands out a port that another process already holds first, as in the check-then-bind race.</summary>
internal sealed class FirstPortTakenAllocator(int takenPort) : PortAllocator
{
    private int _handedOut;

    public override int Next() => Interlocked.Exchange(ref _handedOut, 1) == 0 ? takenPort : base.Next();
}
