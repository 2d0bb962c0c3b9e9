"""AtacWorks training benchmark for conv1d-bench: data (AtacWorks HDF5 layout), the DenoisingResNet network
with a pluggable 1D convolution, and the training step shared by train.py and bench_training.py.

Written from a reading of clara-parabricks/AtacWorks (see train/README.md); no code is copied from it.
"""
