using System.Runtime.InteropServices;
using System.Text;
using SymDiff.Layers;
using SymDiff.Optimizers;
using SymDiff.Tensors;

namespace SymDiff.Checkpoints;

/// <summary>A fully parsed checkpoint payload, validated against a model before anything is copied.</summary>
internal sealed class CheckpointData
{
    private readonly List<(string Name, TensorShape Shape, float[] Values)> _parameters = [];
    private readonly List<(string Name, float[][] Slots)> _optimizerState = [];
    private string? _optimizerKind;
    private long _stepCount;
    private float _learningRate;
    private int _slotsPerParameter;

    public static CheckpointData Read(ReadOnlyMemory<byte> payload)
    {
        var data = new CheckpointData();
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        using var r = new BinaryReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
        var count = r.ReadInt32();
        CheckCount(count, stream);
        for (var i = 0; i < count; i++)
        {
            var name = r.ReadString();
            var rank = r.ReadByte();
            var rows = r.ReadInt32();
            var columns = r.ReadInt32();
            if (rank is not (1 or 2) || rows < 0 || columns < 0 || (rank == 1 && columns != 1))
            {
                throw new InvalidDataException($"Parameter '{name}' has an invalid shape.");
            }

            var shape = rank == 1 ? TensorShape.Vector(rows) : TensorShape.Matrix(rows, columns);
            data._parameters.Add((name, shape, ReadFloats(r, shape.Length)));
        }

        if (r.ReadBoolean())
        {
            data._optimizerKind = r.ReadString();
            data._stepCount = r.ReadInt64();
            data._learningRate = r.ReadSingle();
            data._slotsPerParameter = r.ReadInt32();
            var n = r.ReadInt32();
            CheckCount(n, stream);
            if (data._slotsPerParameter is < 0 or > 16)
            {
                throw new InvalidDataException("Invalid optimizer slot count.");
            }

            for (var i = 0; i < n; i++)
            {
                var name = r.ReadString();
                var index = data._parameters.FindIndex(p => p.Name == name);
                if (index < 0)
                {
                    throw new InvalidDataException($"Optimizer state for unknown parameter '{name}'.");
                }

                var shape = data._parameters[index].Shape;
                var slots = new float[data._slotsPerParameter][];
                for (var s = 0; s < slots.Length; s++)
                {
                    slots[s] = ReadFloats(r, shape.Length);
                }

                data._optimizerState.Add((name, slots));
            }
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException("Unexpected bytes after the payload.");
        }

        return data;
    }

    /// <summary>Null when the data fits the parameters and optimizer, else a description of the first problem.</summary>
    public string? Match(IReadOnlyList<Parameter> parameters, Optimizer? optimizer)
    {
        if (parameters.Count != _parameters.Count)
        {
            return $"the file holds {_parameters.Count} parameters but the model has {parameters.Count}.";
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var (name, shape, _) = _parameters[i];
            if (parameters[i].Name != name)
            {
                return $"parameter {i} is '{name}' in the file but '{parameters[i].Name}' in the model.";
            }

            if (parameters[i].Shape != shape)
            {
                return $"parameter '{name}' has shape {shape} in the file but {parameters[i].Shape} in the model.";
            }
        }

        if (optimizer is null)
        {
            return null;
        }

        if (_optimizerKind is null)
        {
            return "the file holds no optimizer state.";
        }

        if (_optimizerKind != optimizer.Kind || _slotsPerParameter != optimizer.SlotsPerParameter)
        {
            return $"the optimizer state is for '{_optimizerKind}' but the optimizer is '{optimizer.Kind}'.";
        }

        if (_optimizerState.Count != optimizer.Parameters.Count)
        {
            return $"the optimizer state covers {_optimizerState.Count} parameters but the optimizer has {optimizer.Parameters.Count}.";
        }

        for (var i = 0; i < _optimizerState.Count; i++)
        {
            var p = optimizer.Parameters[i];
            if (_optimizerState[i].Name != p.Name)
            {
                return $"optimizer state {i} is for '{_optimizerState[i].Name}' but the optimizer's parameter is '{p.Name}'.";
            }

            if (_optimizerState[i].Slots.Any(s => s.Length != p.Shape.Length))
            {
                return $"optimizer state for '{p.Name}' does not match its shape {p.Shape}.";
            }
        }

        return null;
    }

    public void CopyTo(IReadOnlyList<Parameter> parameters, Optimizer? optimizer)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            _parameters[i].Values.CopyTo(parameters[i].Value.Span);
        }

        if (optimizer is null)
        {
            return;
        }

        for (var i = 0; i < _optimizerState.Count; i++)
        {
            for (var s = 0; s < _slotsPerParameter; s++)
            {
                _optimizerState[i].Slots[s].CopyTo(optimizer.GetSlot(i, s).Span);
            }
        }

        optimizer.StepCount = _stepCount;
        optimizer.LearningRate = _learningRate;
    }

    private static void CheckCount(int count, Stream stream)
    {
        if (count < 0 || count > stream.Length)
        {
            throw new InvalidDataException("Invalid element count.");
        }
    }

    private static float[] ReadFloats(BinaryReader r, int count)
    {
        var remaining = r.BaseStream.Length - r.BaseStream.Position;
        if ((long)count * sizeof(float) > remaining)
        {
            throw new EndOfStreamException();
        }

        var values = new float[count];
        if (BitConverter.IsLittleEndian)
        {
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                values[i] = r.ReadSingle();
            }
        }

        return values;
    }
}
