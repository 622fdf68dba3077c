from tests.core.index.conftest import store  # noqa: F401 - the encrypted index fixture
