import buffers

print(buffers.BufferMap(10).bufmaxsize)
print(buffers.BufferMap(10, 5).bufmaxsize)
