import throttle

print(throttle.make(print))
print(throttle.make(print, 5))
