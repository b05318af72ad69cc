"""A client library for accessing Highway API - Pixverse C1 reference image to video"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
