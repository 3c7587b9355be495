"""Server-side validation of submitted job settings, and of job types' own declarations."""

import pytest

from flamenco.errors import BadRequest
from flamenco.jobtypes import JobSettingsError, JobTypeDefinitionError
from flamenco.jobtypes.settings import apply_settings, check_declaration, check_view

DECLARED = check_declaration(
    [
        {"key": "message", "type": "string", "required": True},
        {"key": "count", "type": "int32", "default": 1, "propargs": {"min": 1, "max": 10}},
        {"key": "fps", "type": "float"},
        {"key": "audio", "type": "bool", "default": False},
        {"key": "mode", "type": "string", "choices": ["images", "video"], "default": "images"},
    ]
)


def problems_of(submitted):
    with pytest.raises(JobSettingsError) as excinfo:
        apply_settings(DECLARED, submitted)
    return excinfo.value


def test_defaults_are_applied_and_given_values_kept():
    result = apply_settings(DECLARED, {"message": "hi", "count": 3})
    assert result == {"message": "hi", "count": 3, "audio": False, "mode": "images"}


def test_settings_without_default_stay_absent():
    assert "fps" not in apply_settings(DECLARED, {"message": "hi"})


def test_null_counts_as_absent():
    result = apply_settings(DECLARED, {"message": "hi", "count": None, "fps": None})
    assert result["count"] == 1
    assert "fps" not in result


def test_unknown_keys_are_refused_with_the_valid_ones():
    with pytest.raises(JobSettingsError) as excinfo:
        apply_settings(DECLARED, {"message": "hi", "chunksize": 2}, "render")
    assert excinfo.value.problems.keys() == {"chunksize"}
    assert str(excinfo.value) == (
        "setting 'chunksize' is not a setting of job type 'render'; "
        "its settings are: message, count, fps, audio, mode"
    )


def test_submitted_dict_is_not_modified():
    submitted = {"message": "hi"}
    apply_settings(DECLARED, submitted)
    assert submitted == {"message": "hi"}


@pytest.mark.parametrize("submitted", [{}, {"message": None}, None])
def test_missing_required_setting_names_the_key(submitted):
    error = problems_of(submitted)
    assert "'message'" in str(error)
    assert error.key == "message"


@pytest.mark.parametrize("message", ["", "   "])
def test_required_string_may_not_be_empty(message):
    error = problems_of({"message": message})
    assert "'message'" in str(error)
    assert "empty" in str(error)


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("message", 5, "must be a string"),
        ("count", "3", "must be a 32-bit integer"),
        ("count", True, "must be a 32-bit integer"),
        ("count", 2.5, "must be a 32-bit integer"),
        ("count", 2**31, "32-bit"),
        ("fps", "24", "must be a number"),
        ("fps", False, "must be a number"),
        ("fps", float("nan"), "must be a number"),
        ("audio", 1, "must be true or false"),
        ("audio", "true", "must be true or false"),
        ("mode", "gif", "must be one of ['images', 'video']"),
        ("count", 0, "at least 1"),
        ("count", 11, "at most 10"),
    ],
)
def test_wrong_values_are_refused_naming_the_key(key, value, fragment):
    error = problems_of({"message": "hi", key: value})
    assert f"setting {key!r}" in str(error)
    assert fragment in str(error)
    assert error.problems.keys() == {key}


@pytest.mark.parametrize("fps", [24, 23.976, -0.5])
def test_float_accepts_ints_and_floats(fps):
    assert apply_settings(DECLARED, {"message": "hi", "fps": fps})["fps"] == fps


def test_all_problems_are_reported_at_once():
    error = problems_of({"count": "many", "mode": "gif"})
    assert set(error.problems) == {"message", "count", "mode"}
    for key in ("message", "count", "mode"):
        assert repr(key) in str(error)


def test_settings_errors_are_bad_requests():
    error = problems_of({})
    assert isinstance(error, BadRequest)
    assert error.status == 400


def test_settings_must_be_an_object():
    with pytest.raises(JobSettingsError, match="settings"):
        apply_settings(DECLARED, ["message"])


@pytest.mark.parametrize(
    ("declaration", "fragment"),
    [
        ([{"key": "a", "type": "string"}, {"key": "a", "type": "int32"}], "twice"),
        ([{"key": "a", "type": "integer"}], "type must be one of"),
        ([{"key": "", "type": "string"}], "key"),
        ([{"type": "string"}], "key"),
        ([{"key": "a", "type": "int32", "default": "1"}], "default must be a 32-bit integer"),
        ([{"key": "a", "type": "bool", "default": 0}], "default must be true or false"),
        ([{"key": "a", "type": "string", "default": None}], "leave out"),
        ([{"key": "a", "type": "string", "choices": ["x"], "default": "y"}], "default must be one of"),
        ([{"key": "a", "type": "int32", "choices": ["1"]}], "only for string"),
        ([{"key": "a", "type": "string", "choices": []}], "non-empty list"),
        ([{"key": "a", "type": "int32", "subtype": "file_path"}], "only for string"),
        ([{"key": "a", "type": "string", "subtype": "url"}], "subtype must be one of"),
        ([{"key": "a", "type": "string", "visible": "sometimes"}], "visible"),
        ([{"key": "a", "type": "string", "required": "yes"}], "required"),
        ([{"key": "a", "type": "string", "requried": True}], "unknown fields ['requried']"),
        ([{"key": "a", "type": "int32", "propargs": {"min": 5, "max": 1}}], "min is larger"),
        ([{"key": "a", "type": "int32", "propargs": {"min": "0"}}], "must be a number"),
        ([{"key": "a", "type": "int32", "default": 0, "propargs": {"min": 1}}], "default must be at least 1"),
        ([{"key": "a", "type": "string", "propargs": {"x": object()}}], "JSON"),
        (["a"], "must be a dict"),
        ({"key": "a"}, "must be a list"),
    ],
)
def test_invalid_declarations_are_refused(declaration, fragment):
    with pytest.raises(JobTypeDefinitionError) as excinfo:
        check_declaration(declaration)
    assert fragment in str(excinfo.value)


def test_declaration_is_copied():
    original = [{"key": "a", "type": "string", "choices": ["x", "y"]}]
    checked = check_declaration(original)
    original[0]["choices"].append("z")
    assert checked[0]["choices"] == ["x", "y"]


@pytest.mark.parametrize(("sent", "stored"), [(2.0, 2), (10.0, 10), (7, 7)])
def test_an_integral_float_is_an_int32(sent, stored):
    """Generated clients send the untyped values of `JobSettings` as floats: `2.0` means 2."""
    result = apply_settings(DECLARED, {"message": "hi", "count": sent})
    assert result["count"] == stored
    assert type(result["count"]) is int


def test_an_integral_float_out_of_range_is_still_refused():
    assert "32-bit" in str(problems_of({"message": "hi", "count": float(2**31)}))


def test_label_and_eval_info_are_accepted_and_checked():
    info = {"showLinkButton": True, "description": "the scene's range"}
    declared = check_declaration([{"key": "frames", "type": "string", "label": "Frames", "evalInfo": info}])
    assert declared[0]["evalInfo"] == info
    with pytest.raises(JobTypeDefinitionError, match="evalInfo"):
        check_declaration([{"key": "frames", "type": "string", "evalInfo": {"showLinkButton": "yes"}}])
    with pytest.raises(JobTypeDefinitionError, match="label must be a string"):
        check_declaration([{"key": "frames", "type": "string", "label": 3}])


@pytest.mark.parametrize(
    ("view", "fragment"),
    [
        ([{"key": "nope", "type": "string"}], "settings do not declare"),
        ([{"key": "count", "type": "float"}], "is a float there and a int32 in settings"),
        ([{"key": "count", "type": "int32", "default": 2}], "defaults to 2 there and to 1"),
        ([{"key": "count", "type": "int32", "requried": True}], "unknown fields"),
    ],
)
def test_a_view_must_agree_with_the_settings(view, fragment):
    with pytest.raises(JobTypeDefinitionError, match=fragment):
        check_view("seed", view, DECLARED)


def test_a_view_may_differ_in_what_it_shows():
    view = [{"key": "count", "type": "int32", "required": True, "visible": "hidden", "description": "n"}]
    assert check_view("v3", view, DECLARED) == view
