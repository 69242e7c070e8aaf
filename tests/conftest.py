from hypothesis import settings

# Derandomized: every run, here and in CI, tries the same examples, so a
# failure seen once is seen again. No deadline: CI machines are shared and noisy.
settings.register_profile("lossviz", derandomize=True, deadline=None, max_examples=150)
settings.load_profile("lossviz")
