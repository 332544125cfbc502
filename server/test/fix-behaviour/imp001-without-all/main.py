import shapes

print(shapes.area_of_square(3), shapes.describe())
print(shapes.cube(2))  # a name the module re-exports through its star import
