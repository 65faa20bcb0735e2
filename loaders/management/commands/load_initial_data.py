"""What `make setup` loads: each shipped data set into an empty table only, so that a second
`make run` is fast and never overwrites what administrators have changed since. To reload a
set on purpose, run its own command (load_boundaries, import_sites, load_policies)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from resourcemap.directory.also_categories import load_also_categories
from resourcemap.directory.models import District, ServicePoint
from resourcemap.needs.models import Need
from resourcemap.policies.models import Law

SHIPPED_SOURCE = "shenzhen-public-data"


class Command(BaseCommand):
    help = "Load data/ into an empty database (boundaries, sites, and the other shipped data sets)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        data = Path(settings.BASE_DIR) / "data"
        if District.objects.exists():
            self.stdout.write("Boundaries already loaded; not loading data/boundaries again.")
        else:
            call_command("load_boundaries", "--commit", stdout=self.stdout)
        if ServicePoint.objects.exists():
            self.stdout.write("Sites already loaded; not importing data/sites.csv again.")
        else:
            call_command(
                "import_sites", str(data / "sites.csv"), "--commit", "--source", SHIPPED_SOURCE,
                stdout=self.stdout,
            )
            added = load_also_categories(data / "site_categories.csv", SHIPPED_SOURCE)
            self.stdout.write(f"data/site_categories.csv: {added} further categories of sites")
        if Need.objects.exists():
            self.stdout.write("Needs already loaded; not loading data/needs.csv again.")
        else:
            call_command("load_needs", stdout=self.stdout)
        if Law.objects.exists():
            self.stdout.write("Laws already loaded; not loading data/policy again.")
        else:
            call_command("load_policies", "--commit", stdout=self.stdout)
