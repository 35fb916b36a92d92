using System.Collections.Immutable;

namespace EnsDsl.Host.Scripting;

/// <summary>A compiled script: its assembly image, its portable PDB (for script lines in stack traces), and its warnings.</summary>
/// <param name="Assembly">The emitted assembly.</param>
/// <param name="Pdb">Portable debug symbols.</param>
/// <param name="Warnings">Compiler warnings worth showing.</param>
public sealed record CompiledScript(byte[] Assembly, byte[] Pdb, ImmutableArray<Problem> Warnings);
