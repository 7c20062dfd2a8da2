import pytest

from shop.catalog.partnumbers import looks_like_part_number, normalise, prefix_upper_bound


@pytest.mark.parametrize(
    "raw", ["MCX75310AAS-NEAT", "mcx75310aasneat", "MCX75310AAS NEAT", "mcx.75310.aas-neat",
            " MCX75310AAS–NEAT ".replace("–", "-")],
)
def test_case_spaces_dashes_and_dots_do_not_matter(raw):
    assert normalise(raw) == "MCX75310AASNEAT"


def test_prefix_bound_is_just_above_every_extension():
    bound = prefix_upper_bound("MCX753")
    assert "MCX753" < "MCX75310AASNEAT" < bound
    assert not ("MCX754" < bound)


def test_part_number_heuristic():
    assert looks_like_part_number("MQM9700")
    assert not looks_like_part_number("cable")
