"""The fence tests build small sites with the plugin tests' fixture."""

from tests.plugin.conftest import new_site  # noqa: F401 (a fixture, used by name)
