"""Form helpers shared by every app: KERN classes and German messages on widgets."""

from __future__ import annotations

from typing import Any

from django import forms


class KernFormMixin:
    """Give widgets the KERN classes and link errors/hints with aria-describedby."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.RadioSelect):
                css = "kern-form-check__radio"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "kern-form-input__select"
            else:
                css = "kern-form-input__input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        errors: dict[str, Any] = getattr(self, "_errors", None) or {}
        for name in errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                css = widget.attrs.get("class", "")
                if "--error" not in css:
                    base = css.split()[-1] if css else "kern-form-input__input"
                    widget.attrs["class"] = f"{css} {base}--error"


class KernForm(KernFormMixin, forms.Form):
    pass


class KernModelForm(KernFormMixin, forms.ModelForm):
    pass
