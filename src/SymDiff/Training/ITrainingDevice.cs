using SymDiff.Tensors;

namespace SymDiff.Training;

/// <summary>
/// Where a <see cref="Trainer"/> runs its steps when not on the CPU: a copy of the model, the loss and the optimizer on
/// a device (<c>SymDiff.Gpu.GpuTrainingDevice</c> on an ILGPU accelerator). The trainer keeps everything else
/// (shuffling, batches, epochs, schedules, early stopping, validation and checkpoints on the CPU model), and copies the
/// parameters and optimizer state between the two where it needs them on the CPU.
/// </summary>
public interface ITrainingDevice
{
    /// <summary>The device, in words ("NVIDIA H100 (CUDA)", "CPUAccelerator").</summary>
    string Name { get; }

    /// <summary>One training step on the device: forward, loss and its gradient, backward, update.</summary>
    /// <param name="inputs">The batch, one example per row.</param>
    /// <param name="targets">Its targets.</param>
    /// <param name="learningRate">The optimizer's rate for this step (the schedule's).</param>
    /// <param name="correct">Receives the batch's correct predictions, as the CPU loss counts them.</param>
    /// <returns>The batch's mean loss before the update.</returns>
    float Step(Tensor<float> inputs, Tensor<float> targets, float learningRate, out int correct);

    /// <summary>Copies the device's parameters and optimizer state into the CPU model and optimizer.</summary>
    void CopyToHost();

    /// <summary>Copies the CPU model's parameters and the CPU optimizer's state onto the device.</summary>
    void CopyToDevice();
}
