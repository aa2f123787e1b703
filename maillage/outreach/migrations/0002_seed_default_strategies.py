from django.db import migrations

DEFAULTS = [
    "school_cpe", "park", "food_bank", "community_event", "door_to_door", "housing",
    "public_place", "clinic", "word_of_mouth", "partner_referral", "social_media", "other",
]


def seed(apps, schema_editor):
    """Organizations created before strategies existed get the default list."""
    Organization = apps.get_model("organizations", "Organization")
    Strategy = apps.get_model("outreach", "Strategy")
    for organization in Organization.objects.all():
        have = set(
            Strategy.objects.filter(organization=organization).values_list("default", flat=True)
        )
        Strategy.objects.bulk_create(
            Strategy(organization=organization, default=code, position=position)
            for position, code in enumerate(DEFAULTS)
            if code not in have
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_initial"),
        ("organizations", "0002_organization_identity_enabled_and_more"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
