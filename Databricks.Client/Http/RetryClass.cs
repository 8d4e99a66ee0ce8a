namespace Databricks.Client;

/// <summary>How safe a request is to send again after a failure whose outcome we cannot know.</summary>
internal enum RetryClass
{
    /// <summary>Reads: repeat on any transient failure.</summary>
    Idempotent,

    /// <summary>Statement submits and invocations: the server may already have acted on a 500/504 or a timeout.</summary>
    NonIdempotent,
}
