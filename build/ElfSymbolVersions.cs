// Reads and edits the symbol-version sections of ELF64 little-endian shared libraries.
//
// Why this exists: TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's libstdc++ and so
// declares a need for version GLIBCXX_3.4.32, which Debian 12's libstdc++ (GCC 12) lacks; the dynamic
// loader then refuses the library. The only symbol bound to that version is
// std::ios_base_library_init(), a marker that GCC 13's <iostream> references with `.globl` and that no
// relocation uses, so nothing ever calls it (libc10 and libtorch_cpu, loaded first, construct
// ios_base::Init themselves). Marking the version need weak (VER_FLG_WEAK) turns the loader's hard error
// into nothing at all. The edit is two bytes, made on the copy in the build output, never in the NuGet
// cache, and only where the system libstdc++ lacks the version (see build/TorchSharpNative.targets).
//
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory as the inline task below, and by the
// Runtime tests (with ENSDSL_NO_MSBUILD defined), which check it on the real library.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace EnsDsl.Build
{
    public enum WeakenResult { Weakened, AlreadyWeak, NotNeeded }

    public static class ElfSymbolVersions
    {
        const uint ShtGnuVerdef = 0x6ffffffd;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const ushort VerFlgWeak = 0x2;

        /// <summary>Version names a library defines (its .gnu.version_d), e.g. GLIBCXX_3.4.30.</summary>
        public static IReadOnlyList<string> DefinedVersions(byte[] elf)
        {
            var names = new List<string>();
            foreach (var s in Sections(elf))
            {
                if (s.Type != ShtGnuVerdef) continue;
                var strtab = Sections(elf)[(int)s.Link].Offset;
                long entry = (long)s.Offset;
                for (uint i = 0; i < s.Info; i++)
                {
                    ushort count = U16(elf, entry + 6);
                    uint aux = U32(elf, entry + 12), next = U32(elf, entry + 16);
                    long a = entry + aux;
                    for (int j = 0; j < count; j++)
                    {
                        names.Add(CString(elf, (long)strtab + U32(elf, a)));
                        a += U32(elf, a + 4);
                    }
                    entry += next;
                }
            }
            return names;
        }

        /// <summary>Version needs a library declares: (needed version name, is weak).</summary>
        public static IReadOnlyList<KeyValuePair<string, bool>> NeededVersions(byte[] elf)
        {
            var needs = new List<KeyValuePair<string, bool>>();
            ForEachVersionNeed(elf, (name, flagsOffset) =>
                needs.Add(new KeyValuePair<string, bool>(name, (U16(elf, flagsOffset) & VerFlgWeak) != 0)));
            return needs;
        }

        /// <summary>Sets VER_FLG_WEAK on the need for <paramref name="version"/>, in memory.</summary>
        public static WeakenResult MarkNeedWeak(byte[] elf, string version)
        {
            var result = WeakenResult.NotNeeded;
            ForEachVersionNeed(elf, (name, flagsOffset) =>
            {
                if (name != version) return;
                ushort flags = U16(elf, flagsOffset);
                if ((flags & VerFlgWeak) != 0) { if (result == WeakenResult.NotNeeded) result = WeakenResult.AlreadyWeak; return; }
                BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, flagsOffset);
                result = WeakenResult.Weakened;
            });
            return result;
        }

        /// <summary>
        /// Weakens the need in a file. The new content goes to a fresh file that replaces the old one, so a
        /// hard link into the NuGet cache is never written through; the original timestamp is kept so that
        /// MSBuild's incremental copy sees the file as up to date.
        /// </summary>
        public static WeakenResult MarkNeedWeakInFile(string path, string version)
        {
            var bytes = File.ReadAllBytes(path);
            var result = MarkNeedWeak(bytes, version);
            if (result != WeakenResult.Weakened) return result;
            var stamp = File.GetLastWriteTimeUtc(path);
            var temp = path + ".weakening";
            File.WriteAllBytes(temp, bytes);
            File.SetLastWriteTimeUtc(temp, stamp);
            // Delete-then-move unlinks a hard link instead of writing through it (and works on netstandard2.0,
            // which MSBuild compiles inline tasks against).
            File.Delete(path);
            File.Move(temp, path);
            return result;
        }

        /// <summary>The libstdc++ the dynamic loader finds first on a Debian/Ubuntu/Fedora-style system, if any.</summary>
        public static string? FindSystemLibStdCxx()
        {
            string[] dirs = { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/usr/lib", "/lib" };
            foreach (var d in dirs)
            {
                var p = Path.Combine(d, "libstdc++.so.6");
                if (File.Exists(p)) return p;
            }
            return null;
        }

        static void ForEachVersionNeed(byte[] elf, Action<string, long> visit)
        {
            var sections = Sections(elf);
            foreach (var s in sections)
            {
                if (s.Type != ShtGnuVerneed) continue;
                var strtab = sections[(int)s.Link].Offset;
                long entry = (long)s.Offset;
                for (uint i = 0; i < s.Info; i++)
                {
                    ushort count = U16(elf, entry + 2);
                    uint aux = U32(elf, entry + 8), next = U32(elf, entry + 12);
                    long a = entry + aux;
                    for (int j = 0; j < count; j++)
                    {
                        visit(CString(elf, (long)strtab + U32(elf, a + 8)), a + 4);
                        a += U32(elf, a + 12);
                    }
                    entry += next;
                }
            }
        }

        struct Section { public uint Type; public ulong Offset; public uint Link; public uint Info; }

        static Section[] Sections(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only ELF64 little-endian files are supported");
            ulong shoff = U64(elf, 0x28);
            ushort shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
            var result = new Section[shnum];
            for (int i = 0; i < shnum; i++)
            {
                long h = (long)shoff + (long)i * shentsize;
                result[i] = new Section { Type = U32(elf, h + 4), Offset = U64(elf, h + 24), Link = U32(elf, h + 40), Info = U32(elf, h + 44) };
            }
            return result;
        }

        static ushort U16(byte[] b, long o) => BitConverter.ToUInt16(b, checked((int)o));
        static uint U32(byte[] b, long o) => BitConverter.ToUInt32(b, checked((int)o));
        static ulong U64(byte[] b, long o) => BitConverter.ToUInt64(b, checked((int)o));
        static string CString(byte[] b, long o)
        {
            int start = checked((int)o), end = Array.IndexOf(b, (byte)0, start);
            return Encoding.ASCII.GetString(b, start, end - start);
        }
    }

#if !ENSDSL_NO_MSBUILD
    /// <summary>MSBuild task: weakens the GLIBCXX need of libLibTorchSharp.so where the system libstdc++ lacks it.</summary>
    public class WeakenLibTorchSharpGlibcxxNeed : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required] public string Library { get; set; } = "";
        public string Version { get; set; } = "GLIBCXX_3.4.32";

        public override bool Execute()
        {
            if (!File.Exists(Library)) return true;
            var libstdcxx = ElfSymbolVersions.FindSystemLibStdCxx();
            if (libstdcxx != null && ElfSymbolVersions.DefinedVersions(File.ReadAllBytes(libstdcxx)).Contains(Version))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"{libstdcxx} provides {Version}; {Library} left as shipped.");
                return true;
            }
            var result = ElfSymbolVersions.MarkNeedWeakInFile(Library, Version);
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                $"ensdsl: {Library}: {result} (system libstdc++ {(libstdcxx ?? "not found")} lacks {Version}).");
            return true;
        }
    }
#endif
}
