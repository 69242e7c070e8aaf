"""What a new loss is written with: the public face of lossviz's own definitions.

``define_loss`` registers a loss from its formula and metadata (see the README's "A new loss is one
definition"); the loss function returns its per-element ``Terms`` (values and gradient); ``Slider``
gives an option its explorer slider; the input helpers read and check arrays as the built-in losses
do (a clear error naming the argument, never a silent broadcast); ``torch_reduce`` reduces a PyTorch
reference written for a loss that ``torch.nn`` has no class for. The contract's parts: a `Domain` for
the target (``ANY_NUMBER``, ``COUNTS``, ``PROBABILITIES``, ``LOG_PROBABILITIES`` or one of your own),
``identity`` as the best prediction of a loss lowest where the prediction is the target, and
``check_domain`` to refuse a target outside its domain with the message the built-in losses give.
"""

from lossviz._arrays import as_floats, check_finite, check_same_shape, flag, number_in, positive_number
from lossviz._contract import ANY_NUMBER, COUNTS, LOG_PROBABILITIES, PROBABILITIES, Domain, check_domain, identity
from lossviz._loss import Slider, Terms, define_loss, log_sigmoid, matching_floats, scaled, torch_reduce

__all__ = ["define_loss", "Terms", "Slider", "matching_floats", "as_floats", "check_finite", "check_same_shape",
           "number_in", "positive_number", "flag", "log_sigmoid", "scaled", "torch_reduce",
           "Domain", "ANY_NUMBER", "COUNTS", "PROBABILITIES", "LOG_PROBABILITIES", "identity", "check_domain"]
