"""Connexion 3.3.0 without its per-request rebuilding: built once per operation instead.

Connexion 3.3.0 builds, for every request, objects that depend only on the operation: the handler's
decorator stack (parameter and response decorators, each wrapped with ``functools.wraps``), the
URI parser (twice), the parameter validator, the body validator, and a jsonschema validator per
body and per parameter (after a ``deepcopy`` of the parameter's spec). It also reads the handler's
and the security hook's signatures with ``inspect.signature`` three times per request. On a
worker's scheduleTask + taskUpdate cycle that was ~0.6 ms of the server's CPU, more than its
database work. None of it depends on the request, so each is built the first time an operation is
called and kept.

Each patch replaces one Connexion function or method with one that does the same thing from a
cache; the results are the same objects Connexion would build. Connexion is pinned (3.3.0), and
``tests/test_connexion_speedups.py`` fails when the code replaced here changes under us (the
sources' hashes are recorded there): then re-read what changed, and drop or adapt the patch.
:func:`install` is idempotent; `flamenco.app.create_app` calls it.
"""

from __future__ import annotations

import copy
import functools
import typing as t

import connexion.decorators.parameter as parameter_decorators
import connexion.security as connexion_security
import connexion.utils as connexion_utils
from connexion.apps.asynchronous import AsyncOperation
from connexion.context import _operation as current_operation
from connexion.context import _receive as current_receive
from connexion.context import _scope as current_scope
from connexion.decorators.main import StarletteDecorator
from connexion.frameworks.starlette import Starlette as StarletteFramework
from connexion.json_schema import Draft4RequestValidator
from connexion.middleware.request_validation import RequestValidationOperation
from connexion.validators.json import JSONRequestBodyValidator
from connexion.validators.parameter import ParameterValidator
from jsonschema import Draft4Validator, ValidationError

_ORIGINAL_INSPECT = connexion_utils.inspect_function_arguments
_installed = False

# Connexion's code each patch replaces or reproduces, as it was at import (the guard test hashes it).
REPLACED: dict[str, t.Any] = {
    "utils.inspect_function_arguments": connexion_utils.inspect_function_arguments,
    "security.AbstractSecurityHandler._accepts_kwarg": (
        connexion_security.AbstractSecurityHandler._accepts_kwarg
    ),
    "decorators.parameter.pythonic": parameter_decorators.pythonic,
    "decorators.parameter.sanitized": parameter_decorators.sanitized,
    "decorators.parameter.AsyncParameterDecorator.__call__": (
        parameter_decorators.AsyncParameterDecorator.__call__
    ),
    "apps.asynchronous.AsyncOperation.fn": AsyncOperation.fn.fget,  # type: ignore[attr-defined]
    "decorators.main.ASGIDecorator.__call__": StarletteDecorator.__call__,
    "decorators.main.BaseDecorator.decorate": StarletteDecorator.decorate,
    "decorators.main.BaseDecorator.uri_parser": StarletteDecorator.uri_parser.fget,  # type: ignore[attr-defined]
    "frameworks.starlette.Starlette.get_request": StarletteFramework.get_request,
    "middleware.request_validation.RequestValidationOperation.__call__": RequestValidationOperation.__call__,
    "validators.json.JSONRequestBodyValidator._validator": JSONRequestBodyValidator._validator.fget,  # type: ignore[attr-defined]
    "validators.parameter.ParameterValidator.validate_parameter": ParameterValidator.validate_parameter,
}


# --- 1. signatures: once per function ------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _arguments_of(function: t.Callable) -> tuple[tuple[str, ...], bool]:
    arguments, has_kwargs = _ORIGINAL_INSPECT(function)
    return tuple(arguments), has_kwargs


def inspect_function_arguments(function: t.Callable) -> tuple[list[str], bool]:
    """`connexion.utils.inspect_function_arguments`, remembered per function (a fresh list each
    time, as the original returns)."""
    try:
        arguments, has_kwargs = _arguments_of(function)
    except TypeError:  # unhashable callable: ask inspect, as Connexion does
        return _ORIGINAL_INSPECT(function)
    return list(arguments), has_kwargs


# --- 1b. parameter names: each name's Python spelling once --------------------------------------

# `pythonic` (inflection's snake_case, then three regex substitutions) ran for every argument of
# every request. Both are pure functions of a name; the cache is bounded, since query parameter
# names come from clients.
_pythonic = functools.lru_cache(maxsize=4096)(parameter_decorators.pythonic)
_sanitized = functools.lru_cache(maxsize=4096)(parameter_decorators.sanitized)


# --- 2. the handler's decorator stack: once per operation ----------------------------------------


def _async_operation_fn(self: AsyncOperation) -> t.Callable[[], t.Awaitable[t.Any]]:
    """`AsyncOperation.fn`: Connexion made a `StarletteDecorator` and decorated the handler anew
    for each request, then built a URI parser for it; both depend on the operation only."""
    cached = self.__dict__.get("_flamenco_fn")
    if cached is None:
        decorator = StarletteDecorator(pythonic_params=self.pythonic_params, jsonifier=self.jsonifier)
        decorated = decorator.decorate(self._fn)
        parser: list[t.Any] = [None, None]  # [spec operation, its URI parser]

        async def cached(*_args: t.Any, **_kwargs: t.Any) -> t.Any:
            spec_operation = current_operation.get()
            if parser[0] is not spec_operation:  # first call (one spec operation per AsyncOperation)
                parser[:] = [spec_operation, decorator.uri_parser]
            request = StarletteFramework.get_request(
                uri_parser=parser[1], scope=current_scope.get(), receive=current_receive.get()
            )
            return await decorated(request)

        self.__dict__["_flamenco_fn"] = cached
    return cached


# --- 3. request validation: validators once per operation ----------------------------------------


async def _validate_request(
    self: RequestValidationOperation, scope: t.Any, receive: t.Any, send: t.Any
) -> None:
    """`RequestValidationOperation.__call__`, with its parameter validator and body validators
    built once per operation (and content type) instead of per request."""
    parameter_validator = self.__dict__.get("_flamenco_parameters")
    if parameter_validator is None:
        uri_parser = self._operation._uri_parser_class(
            self._operation.parameters, self._operation.body_definition()
        )
        parameter_validator = self.__dict__["_flamenco_parameters"] = self._validator_map["parameter"](
            self._operation.parameters,
            uri_parser=uri_parser,
            strict_validation=self.strict_validation,
            security_query_params=self.security_query_params,
        )
    parameter_validator.validate(scope)

    mime_type, encoding = self.extract_content_type(scope["headers"])
    self.validate_mime_type(mime_type)

    bodies = self.__dict__.setdefault("_flamenco_bodies", {})
    key = (mime_type, encoding)
    validator = bodies.get(key)
    if validator is None and key not in bodies:
        validator = bodies[key] = _body_validator(self, mime_type, encoding)
    if validator is not None:
        receive, scope = await validator.wrap_receive(receive, scope=scope)
    await self.next_app(scope, receive, send)


def _body_validator(self: RequestValidationOperation, mime_type: str, encoding: str) -> t.Any:
    """What Connexion 3.3.0 builds per request to validate a body of this type (None: no check)."""
    schema = self._operation.body_schema(mime_type)
    if not schema:
        return None
    try:
        body_validator = self._validator_map["body"][mime_type]
    except KeyError:
        return None  # Connexion logs "Skipping validation" and goes on
    return body_validator(
        schema=schema,
        required=self._operation.request_body.get("required", False),
        nullable=connexion_utils.is_nullable(self._operation.body_definition(mime_type)),
        encoding=encoding,
        strict_validation=self.strict_validation,
        uri_parser=self._operation.uri_parser_class(
            self._operation.parameters, self._operation.body_definition()
        ),
    )


# --- 4. jsonschema validators: once per schema ---------------------------------------------------


@functools.cached_property
def _json_body_validator(self: JSONRequestBodyValidator) -> t.Any:
    """`JSONRequestBodyValidator._validator` (a property building a validator per body), kept."""
    return Draft4RequestValidator(self._schema, format_checker=Draft4Validator.FORMAT_CHECKER)


_parameter_validators: dict[int, tuple[dict[str, t.Any], t.Any]] = {}


def _validate_parameter(
    parameter_type: str, value: t.Any, param: dict[str, t.Any], param_name: str | None = None
) -> str | None:
    """`ParameterValidator.validate_parameter` with one jsonschema validator per parameter of the
    spec (Connexion deep-copied the parameter and built a validator for each value it checked)."""
    if connexion_utils.is_nullable(param) and connexion_utils.is_null(value):
        return None
    if value is not None:
        known = _parameter_validators.get(id(param))
        if known is None or known[0] is not param:
            schema = copy.deepcopy(param)
            schema = schema.get("schema", schema)
            known = _parameter_validators[id(param)] = (
                param,  # keeps the id valid while cached
                Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER),
            )
        try:
            known[1].validate(value)
        except ValidationError as exception:
            return str(exception)
        return None
    return _ORIGINAL_VALIDATE_PARAMETER(parameter_type, value, param, param_name)


_ORIGINAL_VALIDATE_PARAMETER = ParameterValidator.validate_parameter


# --- installing ----------------------------------------------------------------------------------


def install() -> None:
    """Apply the patches (once per process)."""
    global _installed
    if _installed:
        return
    for module in (connexion_utils, connexion_security, parameter_decorators):
        module.inspect_function_arguments = inspect_function_arguments  # type: ignore[attr-defined]
    parameter_decorators.pythonic = _pythonic  # type: ignore[assignment]
    parameter_decorators.sanitized = _sanitized  # type: ignore[assignment]
    AsyncOperation.fn = property(_async_operation_fn)  # type: ignore[method-assign,assignment]
    RequestValidationOperation.__call__ = _validate_request  # type: ignore[method-assign]
    JSONRequestBodyValidator._validator = _json_body_validator  # type: ignore[assignment,method-assign]
    _json_body_validator.__set_name__(JSONRequestBodyValidator, "_validator")
    ParameterValidator.validate_parameter = staticmethod(_validate_parameter)  # type: ignore[method-assign]
    _installed = True
