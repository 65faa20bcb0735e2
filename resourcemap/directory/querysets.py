"""Spatial and text lookups on service points, as QuerySet methods that read as sentences."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils import timezone

from resourcemap.search.query import search_service_points

if TYPE_CHECKING:
    from resourcemap.directory.models import ServicePoint

# `<->` on geography measures on a sphere (R = 6371008.8 m); the exact distance is on the
# WGS-84 ellipsoid. The ellipsoid's radii of curvature differ from that sphere's radius by at
# most 0.56 % (meridional radius at the equator), so the two distances differ by less than
# that in any direction, and a candidate whose sphere distance exceeds
# (k-th exact distance) / (1 - SPHERE_SLACK) cannot be nearer. 0.75 % leaves a margin.
SPHERE_SLACK = 0.0075
# Derived search columns (about 1 KB a row) are never needed with a distance.
_NOT_NEEDED_NEAR = ("search_text", "search_grams", "search_latin")


def stale_cutoff(today: date | None = None) -> date:
    """Sites last verified before this date (or never) are stale."""
    return (today or timezone.localdate()) - timedelta(days=settings.STALE_AFTER_DAYS)


def stale_q(today: date | None = None) -> models.Q:
    return models.Q(assured_date__isnull=True) | models.Q(assured_date__lt=stale_cutoff(today))


class ServicePointQuerySet(models.QuerySet):
    def public(self) -> ServicePointQuerySet:
        """What the public map shows: everything that is not permanently closed."""
        return self.exclude(status="closed")

    def of_category(self, *codes: str) -> ServicePointQuerySet:
        """Sites in any of these categories or their sub-categories."""
        codes_list = [c for code in codes for c in code.split(",") if c]
        if not codes_list:
            return self
        # The secondary categories through a subquery, not a join: no duplicate rows, and the
        # nearest ordering (<->) keeps its plan.
        also = self.model.also_categories.through.objects.filter(
            models.Q(category__code__in=codes_list) | models.Q(category__parent__code__in=codes_list)
        ).values("servicepoint_id")
        return self.filter(
            models.Q(category__code__in=codes_list) | models.Q(category__parent__code__in=codes_list)
            | models.Q(pk__in=also)
        )

    def in_district(self, code: str) -> ServicePointQuerySet:
        """A statutory district by code, or a functional area (大鹏新区) through its streets."""
        return self.filter(models.Q(district_id=code) | models.Q(street__functional_area_id=code))

    def in_bbox(self, minlon: float, minlat: float, maxlon: float, maxlat: float) -> ServicePointQuerySet:
        """Inside the lon/lat rectangle (edges included).

        Compared as planar geometry: on geography the box's edges would be great circles.
        The ORM has no cast to geometry in a lookup, hence the SQL; the functional GiST index
        on location::geometry (migration 0005) answers it.
        """
        sql = "directory_servicepoint.location::geometry && ST_MakeEnvelope(%s, %s, %s, %s, 4326)"
        return self.filter(RawSQL(sql, (minlon, minlat, maxlon, maxlat), output_field=models.BooleanField()))

    def for_age(self, years: float) -> ServicePointQuerySet:
        return self.filter(
            models.Q(min_age__isnull=True) | models.Q(min_age__lte=years),
            models.Q(max_age__isnull=True) | models.Q(max_age__gte=years),
        )

    def locatable(self) -> ServicePointQuerySet:
        """Sites whose position means something for a distance: at least street precision.

        A district-precision site sits at its district's representative point, kilometres
        from its door; a nearest-first list would rank it by a distance that is not real.
        """
        return self.exclude(location_precision="district")

    def stale(self, today: date | None = None) -> ServicePointQuerySet:
        """Not verified within STALE_AFTER_DAYS: flagged in the admin, warned about in public."""
        return self.filter(stale_q(today))

    def recently_verified(self, today: date | None = None) -> ServicePointQuerySet:
        return self.exclude(stale_q(today))

    def free_of_charge(self) -> ServicePointQuerySet:
        return self.filter(fee_free=True)

    def open_at(self, moment: datetime) -> ServicePointQuerySet:
        """Sites whose weekly hours include this local moment (unknown hours are excluded)."""
        # The hours are a JSON list; the ORM has no lookup for "any element matches".
        sql = (
            "EXISTS (SELECT 1 FROM jsonb_array_elements(directory_servicepoint.opening_hours) e "
            "WHERE (e->>'day')::int = %s AND e->>'opens' <= %s AND e->>'closes' > %s)"
        )
        hhmm = moment.strftime("%H:%M")
        return self.filter(RawSQL(sql, (moment.weekday(), hhmm, hhmm), output_field=models.BooleanField()))

    def search(self, text: str) -> ServicePointQuerySet:
        """Name/service/address search; the matching and ranking live in resourcemap.search."""
        return search_service_points(self, text)

    def knn_ordered(self, point: Point, radius_m: float | None = None) -> ServicePointQuerySet:
        """Index order (`<->`, the GiST-backed KNN on the sphere) with `knn_m` and the exact
        ellipsoidal `distance_m`: the candidate query nearest() runs. Its order is the sphere's;
        only nearest() guarantees the exact order."""
        if point.srid is None:
            point = Point(point.x, point.y, srid=4326)
        qs = self
        if radius_m is not None:
            qs = qs.filter(location__dwithin=(point, D(m=radius_m)))
        return qs.defer(*_NOT_NEEDED_NEAR).annotate(
            knn_m=GeometryDistance("location", point),
            distance_m=Distance("location", point),
        ).order_by("knn_m")  # a second sort key would stop the GiST index from ordering

    def nearest(
        self, point: Point, limit: int, radius_m: float | None = None, *, offset: int = 0
    ) -> list[ServicePoint]:
        """The sites ranked offset+1 .. offset+limit by exact ellipsoidal distance (`distance_m`,
        metres; ties by id), within radius_m if given. At most two index-backed queries:

        1. The first `fetch` candidates in `<->` (sphere) order, re-ranked by exact distance.
           Usually no site beyond them can be nearer than the k-th (SPHERE_SLACK) and we are done.
        2. Otherwise (many sites at nearly the same distance, e.g. hundreds placed at one
           district point), every site within the k-th exact distance (ST_DWithin, GiST) is
           a candidate: PostgreSQL sorts those by exact distance and returns k of them.
        """
        stop = offset + limit
        if limit <= 0:
            return []
        candidates_qs = self.knn_ordered(point, radius_m)
        fetch = max(2 * stop, stop + 8)
        candidates = sorted(candidates_qs[:fetch], key=lambda site: (site.distance_m.m, site.pk))
        if len(candidates) == fetch:
            kth_exact = candidates[stop - 1].distance_m.m
            if max(c.knn_m for c in candidates) * (1 - SPHERE_SLACK) <= kth_exact:
                within = candidates_qs.filter(location__dwithin=(point, D(m=kth_exact + 0.01)))
                candidates = list(within.order_by("distance_m", "pk")[:stop])
        return candidates[offset:stop]
