import shapes

print(shapes.area_of_square(3), shapes.describe())
