from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from kim.core.models import AuditEntry, Catalogue, CatalogueEntry, Region


@pytest.mark.django_db
def test_create_region_seeds_catalogues_and_audits() -> None:
    call_command("create_region", name="Kreis Beispiel", ags="05999", slug="beispiel")
    region = Region.objects.get(ags="05999")
    domains = CatalogueEntry.objects.filter(region=region, catalogue=Catalogue.LIFE_DOMAIN)
    assert domains.count() == 14
    assert domains.filter(label_de="Anerkennung ausländischer Abschlüsse").exists()
    assert AuditEntry.objects.filter(object_type="core.region", object_id=str(region.pk), action="create").exists()


@pytest.mark.django_db
def test_create_region_rejects_bad_ags_and_writes_nothing() -> None:
    with pytest.raises(CommandError, match="ags"):
        call_command("create_region", name="Kreis Falsch", ags="12AB", slug="falsch")
    assert not Region.objects.filter(slug="falsch").exists()
    assert not CatalogueEntry.objects.exists()


@pytest.mark.django_db
def test_create_region_twice_is_refused() -> None:
    call_command("create_region", name="Kreis Beispiel", ags="05999", slug="beispiel")
    with pytest.raises(CommandError):
        call_command("create_region", name="Kreis Beispiel", ags="05999", slug="beispiel")
    assert Region.objects.filter(ags="05999").count() == 1
