import compat as t


def first(items: "t.List[int]") -> "t.Optional[int]":
    return items[0] if items else None


print(first([3, 4]), t.Optional[int], t.List)
