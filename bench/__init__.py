"""newsdesk's benchmarks: ``bash bench/run`` from the repository root (see BENCHMARKS.md)."""
