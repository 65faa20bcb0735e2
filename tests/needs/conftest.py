from tests.responsible.conftest import shipped  # noqa: F401 - the shipped data, once per module
