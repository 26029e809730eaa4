"""What readers' code meets: the code a reader copies (reader_code.py), outputs compared at printed precision (output_checker.py), the offline MNIST stand-in (offline_mnist.py)."""
