using ILGPU;
using ILGPU.Runtime;
using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Gpu;

/// <summary>
/// The <see cref="Trainer"/>'s steps on an ILGPU accelerator (<see cref="TrainerOptions.Device"/>): a twin of the CPU
/// model, loss and optimizer made of the GPU runtime's layers, losses and optimizers, so the same model trains on the
/// CPU or on the accelerator from the same initialization, and the two agree to float rounding. Supported: dense,
/// activation, dropout (the same masks for the same seed) and softmax layers, an embedding as the first layer; the softmax
/// cross-entropy and negative log-likelihood losses with class-index targets, squared error and binary cross-entropy
/// with logits; every optimizer, with its L2. Anything else is named in a <see cref="NotSupportedException"/> when the
/// device is built. Each step uploads the batch and downloads the output (for the CPU loss's correct count).
/// </summary>
public sealed class GpuTrainingDevice : ITrainingDevice, IDisposable
{
    private readonly Sequential _model;
    private readonly Loss _loss;
    private readonly Optimizer _optimizer;
    private readonly List<Stage> _stages = [];
    private readonly GpuOptimizer _gpuOptimizer;
    private readonly GpuElementwiseLoss? _elementwise;
    private GpuMatrix? _inputs;
    private GpuMatrix? _targets;
    private GpuMatrix? _gradient;
    private MemoryBuffer1D<int, Stride1D.Dense>? _classes;
    private int[] _hostClasses = [];
    private Tensor<float>? _hostOutput;

    /// <summary>Builds the twin of <paramref name="model"/>, <paramref name="loss"/> and <paramref name="optimizer"/> on <paramref name="accelerator"/>.</summary>
    /// <param name="model">The CPU model (its parameters are copied when training starts).</param>
    /// <param name="loss">The CPU loss.</param>
    /// <param name="optimizer">The CPU optimizer over the model's parameters.</param>
    /// <param name="accelerator">Where to train.</param>
    /// <exception cref="NotSupportedException">A layer, the loss or the optimizer has no GPU twin; the message names it.</exception>
    public GpuTrainingDevice(Sequential model, Loss loss, Optimizer optimizer, Accelerator accelerator)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _loss = loss ?? throw new ArgumentNullException(nameof(loss));
        _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        Accelerator = accelerator ?? throw new ArgumentNullException(nameof(accelerator));
        for (var i = 0; i < model.Layers.Count; i++)
        {
            _stages.Add(Twin(model.Layers[i], i, accelerator));
        }

        _elementwise = loss switch
        {
            SoftmaxCrossEntropyLoss or NegativeLogLikelihoodLoss => null,
            SquaredErrorLoss => GpuElementwiseLoss.SquaredError(),
            BinaryCrossEntropyWithLogitsLoss => GpuElementwiseLoss.BinaryCrossEntropyWithLogits(),
            _ => throw new NotSupportedException($"The loss '{loss.Name}' has no GPU twin yet (softmax cross-entropy, negative log-likelihood, squared error and binary cross-entropy with logits have)."),
        };
        var byName = _stages.SelectMany(s => s.Parameters).ToDictionary(p => p.Name);
        var parameters = optimizer.Parameters.Select(p => byName.TryGetValue(p.Name, out var twin)
            ? twin
            : throw new NotSupportedException($"The optimizer's parameter '{p.Name}' is not a parameter of the model's layers.")).ToList();
        _gpuOptimizer = optimizer switch
        {
            AdamW w => new GpuAdamW(parameters, w.LearningRate, w.WeightDecay, w.Beta1, w.Beta2, w.Epsilon),
            Adam a => new GpuAdam(parameters, a.LearningRate, a.Beta1, a.Beta2, a.Epsilon),
            Sgd s => new GpuSgd(parameters, s.LearningRate),
            Nesterov n => new GpuNesterov(parameters, n.LearningRate, n.Gamma),
            Momentum m => new GpuMomentum(parameters, m.LearningRate, m.Gamma),
            Adagrad g => new GpuAdagrad(parameters, g.LearningRate, g.Epsilon),
            RmsProp r => new GpuRmsProp(parameters, r.LearningRate, r.Rho, r.Epsilon),
            Adadelta d => new GpuAdadelta(parameters, d.LearningRate, d.Rho, d.Epsilon),
            _ => throw new NotSupportedException($"The optimizer '{optimizer.Kind}' has no GPU twin yet."),
        };
    }

    /// <summary>Where it trains.</summary>
    public Accelerator Accelerator { get; }

    /// <inheritdoc/>
    public string Name => $"{Accelerator.Name} ({Accelerator.AcceleratorType})";

    /// <inheritdoc/>
    public float Step(Tensor<float> inputs, Tensor<float> targets, float learningRate, out int correct)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);

        // Forward: the first stage takes the host batch (an embedding takes its word indices).
        var x = _stages[0].Upload is { } upload ? upload(inputs) : Upload(inputs);
        foreach (var stage in _stages)
        {
            x = stage.Forward(x);
        }

        _gradient = GpuMatrix.Ensure(_gradient, Accelerator, x.Rows, x.Columns);
        var loss = Loss(x, targets, _gradient);
        _hostOutput = _hostOutput is { } h && h.Shape == TensorShape.Matrix(x.Rows, x.Columns) ? h : Replace(_hostOutput, TensorShape.Matrix(x.Rows, x.Columns));
        x.CopyToHost(_hostOutput.Span);
        correct = _loss.CountCorrect(_hostOutput, targets);

        var g = _gradient;
        for (var i = _stages.Count - 1; i >= 0; i--)
        {
            g = _stages[i].Backward(g, i > 0)!;
        }

        _gpuOptimizer.LearningRate = learningRate;
        _gpuOptimizer.L2 = _optimizer.L2;
        _gpuOptimizer.Step();
        return loss;
    }

    /// <inheritdoc/>
    public void CopyToHost()
    {
        foreach (var stage in _stages)
        {
            stage.ToHost();
        }

        for (var i = 0; i < _optimizer.Parameters.Count; i++)
        {
            for (var s = 0; s < _optimizer.SlotsPerParameter; s++)
            {
                _gpuOptimizer.GetSlot(i, s).CopyToHost(_optimizer.GetSlot(i, s).Span);
            }
        }
    }

    /// <inheritdoc/>
    public void CopyToDevice()
    {
        foreach (var stage in _stages)
        {
            stage.ToDevice();
        }

        for (var i = 0; i < _optimizer.Parameters.Count; i++)
        {
            for (var s = 0; s < _optimizer.SlotsPerParameter; s++)
            {
                _gpuOptimizer.GetSlot(i, s).CopyFromHost(_optimizer.GetSlot(i, s).Span);
            }
        }

        _gpuOptimizer.StepCount = _optimizer.StepCount;
    }

    /// <summary>Frees the twin's memory.</summary>
    public void Dispose()
    {
        foreach (var stage in _stages)
        {
            stage.Dispose();
        }

        _gpuOptimizer.Dispose();
        _elementwise?.Dispose();
        _inputs?.Dispose();
        _targets?.Dispose();
        _gradient?.Dispose();
        _classes?.Dispose();
        _hostOutput?.Dispose();
    }

    private static Tensor<float> Replace(Tensor<float>? old, TensorShape shape)
    {
        old?.Dispose();
        return new Tensor<float>(shape);
    }

    private static Stage Twin(Layer layer, int index, Accelerator accelerator)
    {
        switch (layer)
        {
            case Dense dense:
            {
                var gpu = GpuDense.FromCpu(dense, accelerator);
                return new Stage(gpu.Forward, gpu.Backward, () => gpu.CopyToCpu(dense), () => gpu.CopyFromCpu(dense), gpu.Parameters, gpu.Dispose);
            }

            case Dropout dropout:
            {
                var gpu = new GpuDropout(accelerator, dropout.Rate, dropout.Seed);
                return new Stage(x => gpu.Forward(x, training: true), (g, _) => gpu.Backward(g), () => { }, () => { }, [], gpu.Dispose);
            }

            case ActivationLayer activation:
            {
                var gpu = new GpuActivation(accelerator, activation.Activation, activation.LeakySlope);
                return new Stage(gpu.Forward, (g, _) => gpu.Backward(g), () => { }, () => { }, [], gpu.Dispose);
            }

            case PRelu prelu:
            {
                var gpu = GpuPRelu.FromCpu(prelu, accelerator);
                return new Stage(gpu.Forward, (g, _) => gpu.Backward(g), () => gpu.CopyToCpu(prelu), () => gpu.CopyFromCpu(prelu), gpu.Parameters, gpu.Dispose);
            }

            case SoftmaxLayer:
            {
                var gpu = new GpuSoftmax(accelerator);
                return new Stage(gpu.Forward, (g, _) => gpu.Backward(g), () => { }, () => { }, [], gpu.Dispose);
            }

            case Embedding embedding when index == 0:
            {
                var gpu = GpuEmbedding.FromCpu(embedding, accelerator);
                var indices = Array.Empty<int>();
                return new Stage(x => x, (g, _) =>
                {
                    gpu.Backward(g);
                    return null;
                }, () => gpu.CopyToCpu(embedding), () => gpu.CopyFromCpu(embedding), gpu.Parameters, gpu.Dispose)
                {
                    Upload = inputs =>
                    {
                        var span = inputs.Span;
                        if (indices.Length != span.Length)
                        {
                            indices = new int[span.Length];
                        }

                        for (var i = 0; i < span.Length; i++)
                        {
                            indices[i] = span[i] == (int)span[i] ? (int)span[i] : -1;
                        }

                        return gpu.Forward(indices);
                    },
                };
            }

            default:
                throw new NotSupportedException($"Layer '{layer.Name}' ({layer.Kind}) has no GPU twin yet: dense, activation, PReLU, dropout and softmax layers have, and an embedding as the first layer.");
        }
    }

    private GpuMatrix Upload(Tensor<float> inputs)
    {
        _inputs = GpuMatrix.Ensure(_inputs, Accelerator, inputs.Rows, inputs.Columns);
        _inputs.CopyFromHost(inputs.Span);
        return _inputs;
    }

    private float Loss(GpuMatrix output, Tensor<float> targets, GpuMatrix gradient)
    {
        if (_elementwise is not null)
        {
            _targets = GpuMatrix.Ensure(_targets, Accelerator, targets.Rows, targets.Columns);
            _targets.CopyFromHost(targets.Span);
            return _elementwise.Compute(output, _targets, gradient);
        }

        if (targets.Shape == TensorShape.Matrix(output.Rows, output.Columns))
        {
            // One-hot (or weighted) target rows.
            _targets = GpuMatrix.Ensure(_targets, Accelerator, targets.Rows, targets.Columns);
            _targets.CopyFromHost(targets.Span);
            return _loss is SoftmaxCrossEntropyLoss
                ? GpuSoftmaxCrossEntropy.Compute(output, _targets, gradient)
                : GpuNegativeLogLikelihood.Compute(output, _targets, gradient);
        }

        if (targets.Length != output.Rows || targets.Columns != 1)
        {
            throw new ArgumentException($"The {_loss.Name} targets are {targets.Shape}: class indices [{output.Rows}] or one-hot rows {output.Rows}×{output.Columns} are needed.", nameof(targets));
        }

        if (_hostClasses.Length != targets.Length)
        {
            _hostClasses = new int[targets.Length];
        }

        var classes = _hostClasses;
        for (var i = 0; i < classes.Length; i++)
        {
            var c = targets[i];
            classes[i] = c == (int)c && c >= 0 && c < output.Columns ? (int)c
                : throw new ArgumentOutOfRangeException(nameof(targets), c, $"Target {i} is not a class index in [0, {output.Columns}).");
        }

        if (_classes is null || _classes.Length != classes.Length)
        {
            _classes?.Dispose();
            _classes = Accelerator.Allocate1D<int>(classes.Length);
        }

        _classes.CopyFromCPU(classes);
        return _loss is SoftmaxCrossEntropyLoss
            ? GpuSoftmaxCrossEntropy.Compute(output, _classes.View, gradient)
            : GpuNegativeLogLikelihood.Compute(output, _classes.View, gradient);
    }

    /// <summary>One layer's twin: its passes, its copies to and from the CPU layer, its parameters.</summary>
    private sealed record Stage(Func<GpuMatrix, GpuMatrix> Forward, Func<GpuMatrix, bool, GpuMatrix?> Backward, Action ToHost, Action ToDevice, IReadOnlyList<GpuParameter> Parameters, Action Dispose)
    {
        /// <summary>How the first layer takes the host batch, where it is not a plain upload.</summary>
        public Func<Tensor<float>, GpuMatrix>? Upload { get; init; }
    }
}
