"""The whole product without a screen. Nothing in here may import Qt."""
