using SymDiff.Layers;
using SymDiff.Losses;
using SymDiff.Optimizers;
using SymDiff.Tensors;
using SymDiff.Training;

namespace SymDiff.Benchmarks.Mlp;

/// <summary>
/// One training step of a 784-128-10 MLP at batch 64 in float32, the workload <c>mlp_torch.py</c> runs in PyTorch:
/// forward (Dense 784→128 with a fused activation, Dense 128→10), softmax cross-entropy on class indices, backward,
/// plain SGD. The data are a fixed random batch (inputs uniform in [0, 1), labels uniform over the ten classes), the
/// same batch every step, as in the PyTorch script. Every call of <see cref="Run"/> runs on the calling thread:
/// <see cref="Dense"/> calls the single-threaded <see cref="Linear.Gemm"/> overload.
/// </summary>
public sealed class MlpStep : IDisposable
{
    /// <summary>Input features (28×28 images).</summary>
    public const int Inputs = 784;

    /// <summary>Hidden units.</summary>
    public const int Hidden = 128;

    /// <summary>Classes.</summary>
    public const int Classes = 10;

    /// <summary>Examples per step.</summary>
    public const int Batch = 64;

    /// <summary>The SGD learning rate (small, so repeated steps on one batch stay finite).</summary>
    public const float LearningRate = 0.01f;

    private readonly Sequential _model;
    private readonly SoftmaxCrossEntropyLoss _loss = new();
    private readonly Sgd _optimizer;
    private readonly Tensor<float> _x;
    private readonly Tensor<float> _y;
    private readonly Tensor<float> _gradient;
    private readonly Trainer _trainer;

    /// <summary>Builds the model and the batch from fixed seeds.</summary>
    /// <param name="activation">The hidden layer's activation (the PyTorch script takes the same one).</param>
    public MlpStep(Activation activation)
    {
        var random = new Random(1);
        _model = new Sequential(new Dense(Inputs, Hidden, random, activation), new Dense(Hidden, Classes, random));
        _optimizer = new Sgd(_model.Parameters, LearningRate);
        _x = new Tensor<float>(Batch, Inputs);
        _y = new Tensor<float>(Batch);
        _gradient = new Tensor<float>(Batch, Classes);
        _trainer = new Trainer(_model, _loss, _optimizer);
        var data = new Random(2);
        var xs = _x.Span;
        for (var i = 0; i < xs.Length; i++)
        {
            xs[i] = data.NextSingle();
        }

        var ys = _y.Span;
        for (var i = 0; i < ys.Length; i++)
        {
            ys[i] = data.Next(Classes);
        }
    }

    /// <summary>The hidden layer's activation.</summary>
    public Activation Activation => ((Dense)_model.Layers[0]).Activation;

    /// <summary>The hidden layer.</summary>
    internal Dense HiddenLayer => (Dense)_model.Layers[0];

    /// <summary>The output layer.</summary>
    internal Dense OutputLayer => (Dense)_model.Layers[1];

    /// <summary>The loss.</summary>
    internal SoftmaxCrossEntropyLoss Loss => _loss;

    /// <summary>The optimizer.</summary>
    internal Sgd Optimizer => _optimizer;

    /// <summary>The batch inputs.</summary>
    internal Tensor<float> X => _x;

    /// <summary>The batch's class indices.</summary>
    internal Tensor<float> Y => _y;

    /// <summary>The loss gradient buffer.</summary>
    internal Tensor<float> LossGradient => _gradient;

    /// <summary>
    /// One step: forward, loss and its gradient, backward (no input gradient for the first layer) with the SGD update
    /// inside it (<see cref="Sgd.BackwardAndStep"/>: each dense layer's weights updated by their gradient's GEMM).
    /// Returns the batch's mean loss before the update. This is what <c>Trainer.TrainStep</c> does when nothing reads
    /// the gradients (no clipping, no NaN/∞ scan), minus the accuracy count; the PyTorch step does none of these either.
    /// </summary>
    public float Run()
    {
        var output = _model.Forward(_x, training: true);
        var loss = _loss.Compute(output, _y, _gradient);
        _optimizer.BackwardAndStep(_model, _gradient);
        return loss;
    }

    /// <summary>
    /// The same step with the update after the backward pass (<see cref="Sequential.Backward(Tensor{float}, bool)"/>,
    /// then <see cref="Optimizer.Step"/>), as PyTorch runs it: every gradient written, then read by the update.
    /// </summary>
    public float RunUnfused()
    {
        var output = _model.Forward(_x, training: true);
        var loss = _loss.Compute(output, _y, _gradient);
        _model.Backward(_gradient);
        _optimizer.Step();
        return loss;
    }

    /// <summary>
    /// The same step through <see cref="Trainer.TrainStep"/> with default options, which adds the NaN/∞ scan of the
    /// loss and every gradient and the batch's accuracy count.
    /// </summary>
    public float RunTrainer() => _trainer.TrainStep(_x, _y);

    /// <summary>Returns every buffer to the pool.</summary>
    public void Dispose()
    {
        _trainer.Dispose();
        _model.Dispose();
        _loss.Dispose();
        _optimizer.Dispose();
        _x.Dispose();
        _y.Dispose();
        _gradient.Dispose();
    }
}
