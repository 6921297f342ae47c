using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using SymDiff.Layers;
using SymDiff.Optimizers;
using SymDiff.Tensors;

namespace SymDiff.Checkpoints;

/// <summary>
/// Saves and loads parameters (and optionally optimizer state) in a versioned binary format:
/// <code>
/// magic "SYMDCKPT" (8 bytes) | version (int32) | payload length (int64) | payload | CRC-32 of all preceding bytes (uint32)
/// payload: parameter count, then per parameter: name, rank, rows, columns, float32 values;
///          optimizer flag, then (if set) kind, step count, learning rate, slots per parameter, and per
///          parameter: name and its slots' float32 values
/// </code>
/// All numbers are little-endian; names are length-prefixed UTF-8. Saving writes a temporary file in the
/// same directory and moves it over the target, so a crash never leaves a half-written checkpoint under the
/// target name. Loading validates the whole file (checksum, structure, names and shapes) before changing
/// anything, so a bad file leaves the model and optimizer as they were.
/// </summary>
public static class Checkpoint
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    private const int HeaderSize = 8 + 4 + 8;
    private static readonly byte[] Magic = "SYMDCKPT"u8.ToArray();

    /// <summary>Writes a checkpoint atomically.</summary>
    /// <param name="path">The target file (overwritten).</param>
    /// <param name="parameters">The parameters to save (for example <see cref="Sequential.Parameters"/>).</param>
    /// <param name="optimizer">The optimizer whose state to save, or null.</param>
    public static void Save(string path, IReadOnlyList<Parameter> parameters, Optimizer? optimizer = null) =>
        Save(path, parameters, optimizer, beforeCommit: null);

    /// <summary>
    /// Loads a checkpoint into existing parameters (matched by name and shape) and, when given, the optimizer
    /// (which must be of the same kind). Optimizer state in the file is ignored when no optimizer is given.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="parameters">The parameters to fill.</param>
    /// <param name="optimizer">The optimizer to restore, or null.</param>
    /// <exception cref="CheckpointException">The file is corrupt, truncated, of another format or version, or does not match.</exception>
    public static void Load(string path, IReadOnlyList<Parameter> parameters, Optimizer? optimizer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(parameters);
        var bytes = File.ReadAllBytes(path);
        var payload = Verify(path, bytes);
        CheckpointData data;
        try
        {
            data = CheckpointData.Read(payload);
        }
        catch (Exception ex) when (ex is IOException or DecoderFallbackException or OverflowException)
        {
            throw new CheckpointException(path, "the payload is malformed although its checksum matches (written by a different program?).", ex);
        }

        var problem = data.Match(parameters, optimizer);
        if (problem is not null)
        {
            throw new CheckpointException(path, problem);
        }

        data.CopyTo(parameters, optimizer);
    }

    internal static void Save(string path, IReadOnlyList<Parameter> parameters, Optimizer? optimizer, Action<string>? beforeCommit)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(parameters);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? ".";
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var bytes = Serialize(parameters, optimizer);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            beforeCommit?.Invoke(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static byte[] Serialize(IReadOnlyList<Parameter> parameters, Optimizer? optimizer)
    {
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(parameters.Count);
            foreach (var p in parameters)
            {
                w.Write(p.Name);
                w.Write((byte)p.Shape.Rank);
                w.Write(p.Shape.Rows);
                w.Write(p.Shape.Columns);
                WriteFloats(w, p.Value.Span);
            }

            w.Write(optimizer is not null);
            if (optimizer is not null)
            {
                w.Write(optimizer.Kind);
                w.Write(optimizer.StepCount);
                w.Write(optimizer.LearningRate);
                w.Write(optimizer.SlotsPerParameter);
                w.Write(optimizer.Parameters.Count);
                for (var i = 0; i < optimizer.Parameters.Count; i++)
                {
                    w.Write(optimizer.Parameters[i].Name);
                    for (var s = 0; s < optimizer.SlotsPerParameter; s++)
                    {
                        WriteFloats(w, optimizer.GetSlot(i, s).Span);
                    }
                }
            }
        }

        var body = payload.ToArray();
        var file = new byte[HeaderSize + body.Length + 4];
        Magic.CopyTo(file, 0);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(12), body.Length);
        body.CopyTo(file, HeaderSize);
        var crc = Crc32.Compute(file.AsSpan(0, HeaderSize + body.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(HeaderSize + body.Length), crc);
        return file;
    }

    private static ReadOnlyMemory<byte> Verify(string path, byte[] bytes)
    {
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new CheckpointException(path, "not a SymDiff checkpoint (bad magic header).");
        }

        if (bytes.Length < HeaderSize + 4)
        {
            throw new CheckpointException(path, $"truncated: {bytes.Length} bytes is shorter than the header.");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version != FormatVersion)
        {
            throw new CheckpointException(path, $"unsupported format version {version} (this build reads version {FormatVersion}).");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12));
        var expected = HeaderSize + length + 4;
        if (length < 0 || bytes.Length < expected)
        {
            throw new CheckpointException(path, $"truncated: the header announces {expected} bytes but the file has {bytes.Length}.");
        }

        if (bytes.Length > expected)
        {
            throw new CheckpointException(path, $"corrupt: {bytes.Length - expected} unexpected bytes after the checksum.");
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)(HeaderSize + length)));
        var actual = Crc32.Compute(bytes.AsSpan(0, (int)(HeaderSize + length)));
        if (stored != actual)
        {
            throw new CheckpointException(path, $"corrupt: checksum mismatch (stored 0x{stored:X8}, computed 0x{actual:X8}).");
        }

        return bytes.AsMemory(HeaderSize, (int)length);
    }

    private static void WriteFloats(BinaryWriter w, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            w.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (var v in values)
        {
            w.Write(v);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file never shadows the checkpoint itself.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
