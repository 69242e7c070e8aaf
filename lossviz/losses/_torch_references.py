"""PyTorch written out for the losses torch.nn has no class for: the references their parity tests
(and `loss.torch(...)`) compare with. torch is imported on use: lossviz runs without it."""

from lossviz._loss import torch_reduce


def focal(logits, target, *, reduction, gamma, alpha):
    """torchvision's ``sigmoid_focal_loss``, transcribed in plain PyTorch (torchvision is not a dependency)."""
    import torch  # lazily: lossviz runs without torch

    p = torch.sigmoid(logits)
    ce = torch.nn.functional.binary_cross_entropy_with_logits(logits, target, reduction="none")
    p_t = p * target + (1 - p) * (1 - target)
    values = ce * (1 - p_t) ** gamma
    if alpha is not None:
        values = (alpha * target + (1 - alpha) * (1 - target)) * values
    return torch_reduce(values, reduction)


def _pinball(error, tau):
    """The pinball loss of `error` in torch, by sides: 0, with a gradient of 0, at a tie."""
    return ((1 - tau) * error).where(error > 0, (-tau * error).where(error < 0, error * 0))


def quantile(pred, target, *, reduction, tau):
    """The quantile loss in torch. Written by sides, so that autograd gives 0 at a perfect prediction as
    lossviz does (torch.maximum splits a tie: 0.5 - tau, a push away from the best prediction)."""
    return torch_reduce(_pinball(pred - target, tau), reduction)
