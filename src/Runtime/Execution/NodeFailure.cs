namespace EnsDsl.Runtime.Execution;

/// <summary>A node cannot be computed, for a reason the user can act on (the message says which).</summary>
public sealed class NodeFailure(string message) : Exception(message);
