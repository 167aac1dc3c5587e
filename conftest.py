"""Test-wide settings (for tests/ and the doctests in qrmt/).

* One BLAS thread per process: pytest-xdist gives each core a worker, and OpenBLAS threads
  fighting over the same cores made suites several times slower.
* A private ``QRMT_HOME`` for the session (shared by its tests, so the Hamiltonian cache is
  reused), so tests never touch the user's data directory. Tests that need isolation set
  their own with ``monkeypatch.setenv``.
* A non-interactive matplotlib backend.
"""

import os
import tempfile

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["QRMT_HOME"] = tempfile.mkdtemp(prefix="qrmt-test-home-")
