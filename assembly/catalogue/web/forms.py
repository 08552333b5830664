"""Flask-WTF forms of the catalogue pages; each carries a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    ColorField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from assembly.catalogue.services.components import TARGET_MAX_S
from assembly.catalogue.services.projects import DESCRIPTION_MAX, MAX_STEPS, NOTE_MAX
from assembly.const import IMAGE_MAX_BYTES, LABEL_MAX, NAME_MAX


class ComponentForm(FlaskForm):
    """Create or edit a component, optionally uploading its picture."""

    name = StringField("Name", [DataRequired(), Length(max=NAME_MAX)])
    colour = ColorField("LED colour", [DataRequired()], default="#d62828")
    gpio_pin = IntegerField(
        "GPIO pin (BCM)",
        [InputRequired(message="Enter a pin number.")],
        description="Not 0-3 (ID EEPROM, I2C), 7-11 (SPI) or the foot switch pin.",
    )
    target_seconds = IntegerField(
        "Target time (s)",
        [Optional(), NumberRange(min=1, max=TARGET_MAX_S)],
        description="Optional; the kiosk turns amber past it.",
    )
    critical = BooleanField("Critical (needs a confirming second press)")
    notes = TextAreaField("Notes", [Length(max=NOTE_MAX)])
    image = FileField(
        "Picture",
        description=f"PNG, JPEG or WebP, at most {IMAGE_MAX_BYTES // 1024} KiB.",
        render_kw={"accept": "image/png,image/jpeg,image/webp", "data-max-bytes": IMAGE_MAX_BYTES},
    )
    submit = SubmitField("Save")


class ProjectForm(FlaskForm):
    """Create a project or change its name and description."""

    name = StringField("Name", [DataRequired(), Length(max=NAME_MAX)])
    description = TextAreaField("Description", [Length(max=DESCRIPTION_MAX)])
    submit = SubmitField("Save")


class StepForm(Form):
    """One row of the steps editor (its CSRF token is the outer form's)."""

    component_id = SelectField("Component", [DataRequired()], validate_choice=True)
    label = StringField("Label", [Length(max=LABEL_MAX)])
    note = StringField("Note", [Length(max=NOTE_MAX)])


class StepsForm(FlaskForm):
    """The ordered steps of a project, with a note saying what changed."""

    steps = FieldList(FormField(StepForm), max_entries=MAX_STEPS)
    change_note = StringField("What changed", [Length(max=NOTE_MAX)])
    submit = SubmitField("Save steps")
