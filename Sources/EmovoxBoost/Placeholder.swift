// The gradient-boosted-tree trainer.
